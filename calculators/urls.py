from django.urls import path

from calculators import views
from calculators.registry import CALCULATORS

app_name = "calculators"

urlpatterns = [
    path("", views.index, name="index"),
    *(
        path(
            entry.path,
            views.calculator,
            {"slug": entry.slug},
            name=entry.url_name.removeprefix(f"{app_name}:"),
        )
        for entry in CALCULATORS
    ),
]
