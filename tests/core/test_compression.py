"""Pages go out gzipped; the data exports (a learner's whole history) never do."""

import gzip

import pytest

pytestmark = pytest.mark.django_db
GZIP = {"Accept-Encoding": "gzip, deflate"}


def test_pages_are_gzipped_for_clients_that_accept_it(client):
    response = client.get("/facts/", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<h1>Fact base</h1>" in gzip.decompress(response.content)


def test_pages_are_plain_for_clients_that_do_not_accept_gzip(client):
    response = client.get("/facts/")
    assert not response.has_header("Content-Encoding")
    assert b"<h1>Fact base</h1>" in response.content


def test_data_exports_are_never_gzipped(client_logged_in):
    response = client_logged_in.get("/progress/data/export.json", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert not response.has_header("Content-Encoding")
