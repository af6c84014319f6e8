app_name = "wiki"

urlpatterns: list = []
