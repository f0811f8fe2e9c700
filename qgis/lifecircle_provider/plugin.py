"""Registers the provider with QGIS (desktop and qgis_process alike)."""

from qgis.core import QgsApplication

from .provider import LifecircleProvider


class LifecirclePlugin:
    def __init__(self, iface=None):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 - QGIS' name
        self.provider = LifecircleProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802 - QGIS' name
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
