"""QGIS plugin entry point: a Processing provider for lifecircle."""


def classFactory(iface):  # noqa: N802 - the name QGIS calls
    from .plugin import LifecirclePlugin

    return LifecirclePlugin(iface)
