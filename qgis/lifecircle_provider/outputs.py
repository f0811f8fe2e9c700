"""Loading what the program wrote: every map layer its summary lists, with the
QGIS style (.qml) written beside it, named as the file is."""

import os

from qgis.core import QgsProcessingContext, QgsProcessingLayerPostProcessorInterface

MAP_LAYER_EXTENSIONS = (".gpkg", ".geojson", ".fgb", ".tif")

# Post-processors must outlive the algorithm that creates them (QGIS holds no Python reference).
_KEEP_ALIVE = []


class ApplyStyle(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, style):
        super().__init__()
        self.style = style

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 - QGIS' name
        message, loaded = layer.loadNamedStyle(self.style)
        if not loaded:
            feedback.pushWarning(f"{self.style}: {message}")
        layer.triggerRepaint()


def map_layers(folder, summary):
    """(file, style or None) of every map layer a run wrote, in the order its summary lists them."""
    layers = []
    for name in summary.get("outputs", []):
        path = os.path.join(folder, name)
        if name.endswith(MAP_LAYER_EXTENSIONS):
            style = os.path.splitext(path)[0] + ".qml"
            layers.append((path, style if os.path.exists(style) else None))
    return layers


def load_outputs(folder, summary, context):
    for path, style in map_layers(folder, summary):
        name = os.path.splitext(os.path.basename(path))[0]
        details = QgsProcessingContext.LayerDetails(name, context.project(), name)
        if style:
            processor = ApplyStyle(style)
            _KEEP_ALIVE.append(processor)
            details.setPostProcessor(processor)
        context.addLayerToLoadOnCompletion(path, details)
