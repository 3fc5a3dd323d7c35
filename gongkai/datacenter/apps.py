from django.apps import AppConfig


class DatacenterConfig(AppConfig):
    name = "gongkai.datacenter"
    verbose_name = "年报数据中心"
