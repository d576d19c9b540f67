from django.urls import path

from calculators import views

app_name = "calculators"

urlpatterns = [
    path("", views.index, name="index"),
    path("dynamodb/partitions/", views.dynamodb_partitions, name="dynamodb_partitions"),
    path("dynamodb/capacity/", views.dynamodb_capacity, name="dynamodb_capacity"),
    path("kinesis/shards/", views.kinesis_shards, name="kinesis_shards"),
    path(
        "autoscaling/target-tracking/",
        views.autoscaling_target_tracking,
        name="autoscaling_target_tracking",
    ),
]
