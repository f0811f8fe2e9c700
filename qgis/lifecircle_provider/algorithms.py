"""The algorithms: each turns its typed parameters into the program's
options, runs it, and loads what it wrote, styled, with report.html as the
HTML result. Names are Chinese first, as the planners who use them read."""

import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputHtml,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from .outputs import load_outputs
from .program import read_summary, run_program

FORMATS = ["GPKG", "GeoJSON", "FlatGeobuf"]
LANGUAGES = [("zh", "简体中文"), ("en", "English")]
SOURCE_FORMATS = ["gpkg", "shp", "geojson", "fgb", "csv", "tab", "kml"]
MODELS = ["maximal_covering", "set_covering", "p_median", "capacitated_coverage"]
PROFILES = [("walk", "一般步行 Walking, 4 km/h"),
            ("elderly", "老年人 Elderly: 3 km/h, steps +30 s, major-road crossings +20 s"),
            ("wheelchair", "轮椅 Wheelchair: 4 km/h, no steps, ramps at most 1:12")]


class LifecircleAlgorithm(QgsProcessingAlgorithm):
    """What every algorithm shares: output folder and format, running, loading, results."""

    command = ""
    title = ""
    summary = ""

    def name(self):
        return self.command.replace("-", "_")

    def displayName(self):  # noqa: N802 - QGIS' name
        return self.title

    def shortHelpString(self):  # noqa: N802 - QGIS' name
        return self.summary + f"\n\nRuns `lifecircle {self.command}`; see its page in docs/."

    def createInstance(self):  # noqa: N802 - QGIS' name
        return type(self)()

    def add_output_parameters(self):
        self.addParameter(QgsProcessingParameterEnum("FORMAT", "图层格式 Layer format", options=FORMATS,
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum("LANGUAGE", "报告语言 Report language",
                                                     options=[name for _, name in LANGUAGES], defaultValue=0))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", "结果文件夹 Output folder"))
        self.addOutput(QgsProcessingOutputFolder("OUTPUT", "结果文件夹 Output folder"))
        self.addOutput(QgsProcessingOutputHtml("REPORT", "报告 Report (report.html)"))
        self.addOutput(QgsProcessingOutputFile("SUMMARY", "summary.json"))

    def output_arguments(self, parameters, context):
        folder = self.parameterAsString(parameters, "OUTPUT", context)
        layer_format = FORMATS[self.parameterAsEnum(parameters, "FORMAT", context)]
        language = LANGUAGES[self.parameterAsEnum(parameters, "LANGUAGE", context)][0]
        return folder, ["-o", folder, "--of", layer_format, "--lang", language]

    def source_path(self, parameters, name, context, feedback):
        """A layer as a file the program opens: the layer's own file where it can, else a copy."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            return None
        return self.parameterAsCompatibleSourceLayerPath(parameters, name, context, SOURCE_FORMATS, "gpkg",
                                                         feedback)

    def add_finding_outputs(self):
        self.addOutput(QgsProcessingOutputNumber("ERRORS", "错误数 Errors"))
        self.addOutput(QgsProcessingOutputNumber("WARNINGS", "警告数 Warnings"))

    def given_options(self, parameters, context, options):
        """The program's options for the optional parameters that were given: (key, option) pairs."""
        arguments = []
        for key, option in options:
            value = self.parameterAsString(parameters, key, context)
            if value:
                arguments += [option, value]
        return arguments

    def run_check(self, arguments, folder, context, feedback):
        """A check: findings are its results (exit code 8), counted as errors and warnings."""
        _, summary, results = self.run_and_load(arguments, folder, context, feedback)
        results["ERRORS"], results["WARNINGS"] = summary.get("errors"), summary.get("warnings")
        return results

    def run_and_load(self, arguments, folder, context, feedback):
        code = run_program(arguments, feedback)
        summary = read_summary(folder)
        load_outputs(folder, summary, context)
        results = {"OUTPUT": folder, "SUMMARY": os.path.join(folder, "summary.json"),
                   "REPORT": os.path.join(folder, "report.html")}
        return code, summary, results


def add_threshold_parameters(algorithm):
    algorithm.addParameter(QgsProcessingParameterNumber("MINUTES", "步行时间（分钟） Walking minutes",
                                                        type=QgsProcessingParameterNumber.Double,
                                                        defaultValue=15.0, minValue=0.1, maxValue=120.0))
    algorithm.addParameter(QgsProcessingParameterEnum("PROFILE", "步行方式 Walking profile (on roads)",
                                                      options=[label for _, label in PROFILES], defaultValue=0))
    # Empty: the profile's own speed.
    algorithm.addParameter(QgsProcessingParameterNumber("WALK_KMH", "步行速度（公里/小时） Walking speed, km/h",
                                                        type=QgsProcessingParameterNumber.Double,
                                                        optional=True, minValue=0.1, maxValue=30.0))


def add_demand_parameters(algorithm):
    # Files, not raster layers: QGIS computes statistics of a raster layer it opens, and GDAL
    # saves them as an .aux.xml beside the input, which lifecircle never changes.
    algorithm.addParameter(QgsProcessingParameterMultipleLayers(
        "POPULATION_RASTERS", "人口栅格文件 Population raster files (GeoTIFF …, summed cell by cell)",
        QgsProcessing.TypeFile, optional=True))
    algorithm.addParameter(QgsProcessingParameterFeatureSource(
        "POPULATION_POINTS", "人口点或面 Population points or polygons (instead of rasters)",
        [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon], optional=True))
    algorithm.addParameter(QgsProcessingParameterField(
        "POPULATION_FIELD", "人口字段 Population field", parentLayerParameterName="POPULATION_POINTS",
        type=QgsProcessingParameterField.Numeric, optional=True))


def add_facility_parameters(algorithm, optional=False):
    algorithm.addParameter(QgsProcessingParameterFeatureSource(
        "FACILITIES", "设施 Facilities", [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon],
        optional=optional))
    algorithm.addParameter(QgsProcessingParameterField(
        "CAPACITY_FIELD", "床位数字段 Capacity field (beds)", parentLayerParameterName="FACILITIES",
        type=QgsProcessingParameterField.Numeric, optional=True))


def add_unit_and_road_parameters(algorithm):
    algorithm.addParameter(QgsProcessingParameterFeatureSource(
        "UNITS", "统计单元 Units (communities, sub-districts)", [QgsProcessing.TypeVectorPolygon], optional=True))
    algorithm.addParameter(QgsProcessingParameterField(
        "UNIT_CODE_FIELD", "单元代码字段 Unit code field", parentLayerParameterName="UNITS", optional=True))
    algorithm.addParameter(QgsProcessingParameterField(
        "UNIT_NAME_FIELD", "单元名称字段 Unit name field", parentLayerParameterName="UNITS", optional=True))
    algorithm.addParameter(QgsProcessingParameterFile(
        "ROADS", "路网 Roads (OpenStreetMap .osm.pbf/.osm, or a line layer); none: straight lines",
        behavior=QgsProcessingParameterFile.File, optional=True,
        fileFilter="OpenStreetMap (*.osm.pbf *.pbf *.osm);;Line layers (*.gpkg *.shp *.geojson *.fgb);;All files (*)"))


def demand_and_service_arguments(algorithm, parameters, context, feedback):
    """The options coverage and site share: population, facilities, units, roads, threshold."""
    arguments = []
    rasters = algorithm.parameterAsFileList(parameters, "POPULATION_RASTERS", context)
    points = algorithm.source_path(parameters, "POPULATION_POINTS", context, feedback)
    if bool(rasters) == bool(points):
        raise QgsProcessingException("请给出人口栅格或人口点/面图层之一 / give population rasters, or a population "
                                     "layer with its field, not both")
    if rasters:
        arguments += ["--population", *rasters]
    else:
        field = algorithm.parameterAsString(parameters, "POPULATION_FIELD", context)
        if not field:
            raise QgsProcessingException("人口图层需要人口字段 / a population layer needs its population field")
        arguments += ["--population", points, "--population-field", field]
    facilities = algorithm.source_path(parameters, "FACILITIES", context, feedback)
    if facilities:
        arguments += ["--facilities", facilities]
        capacity = algorithm.parameterAsString(parameters, "CAPACITY_FIELD", context)
        if capacity:
            arguments += ["--capacity-field", capacity]
    units = algorithm.source_path(parameters, "UNITS", context, feedback)
    if units:
        code = algorithm.parameterAsString(parameters, "UNIT_CODE_FIELD", context)
        if not code:
            raise QgsProcessingException("统计单元需要代码字段 / units need their code field")
        arguments += ["--units", units, "--unit-code-field", code]
        name = algorithm.parameterAsString(parameters, "UNIT_NAME_FIELD", context)
        if name:
            arguments += ["--unit-name-field", name]
    roads = algorithm.parameterAsFile(parameters, "ROADS", context)
    if roads:
        arguments += ["--roads", roads]
    arguments += ["--minutes", algorithm.parameterAsDouble(parameters, "MINUTES", context),
                  "--profile", PROFILES[algorithm.parameterAsEnum(parameters, "PROFILE", context)][0]]
    if parameters.get("WALK_KMH") is not None:
        arguments += ["--walk-kmh", algorithm.parameterAsDouble(parameters, "WALK_KMH", context)]
    return arguments


def first_service_share(summary):
    services = summary.get("services") or [{}]
    return services[0].get("covered_share")


class RunScenario(LifecircleAlgorithm):
    command = "run"
    title = "运行情景 Run a scenario"
    summary = "运行情景文件（JSON）中的全部服务、指标与选址。Runs every service, target and siting of a scenario file."

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS' name
        self.addParameter(QgsProcessingParameterFile("SCENARIO", "情景文件 Scenario file (JSON)",
                                                     extension="json"))
        self.add_output_parameters()
        self.addOutput(QgsProcessingOutputNumber("COVERED_SHARE", "覆盖率 Covered share (first service)"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS' name
        folder, output = self.output_arguments(parameters, context)
        scenario = self.parameterAsFile(parameters, "SCENARIO", context)
        _, summary, results = self.run_and_load(["run", scenario, *output], folder, context, feedback)
        results["COVERED_SHARE"] = first_service_share(summary)
        return results


class Coverage(LifecircleAlgorithm):
    command = "coverage"
    title = "步行覆盖 Coverage"
    summary = ("统计设施步行可达范围内的人口（总体及分单元）。Who lives within a walk of a facility, overall and "
               "per unit: on the road network when roads are given, else in a straight line.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS' name
        add_demand_parameters(self)
        add_facility_parameters(self)
        add_unit_and_road_parameters(self)
        add_threshold_parameters(self)
        self.add_output_parameters()
        self.addOutput(QgsProcessingOutputNumber("COVERED_SHARE", "覆盖率 Covered share"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS' name
        folder, output = self.output_arguments(parameters, context)
        arguments = ["coverage", *demand_and_service_arguments(self, parameters, context, feedback), *output]
        _, summary, results = self.run_and_load(arguments, folder, context, feedback)
        results["COVERED_SHARE"] = first_service_share(summary)
        return results


class Site(LifecircleAlgorithm):
    command = "site"
    title = "设施选址 Site new facilities"
    summary = ("在候选点中选择新设施位置，保留现有设施，并给出最优性差距。Ranks candidate sites for new "
               "facilities, existing ones kept, with a proven optimality gap.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS' name
        add_demand_parameters(self)
        add_facility_parameters(self, optional=True)
        add_unit_and_road_parameters(self)
        add_threshold_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            "CANDIDATES", "候选点 Candidate sites", [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "CANDIDATE_NAME", "候选点名称字段 Candidate name field", parentLayerParameterName="CANDIDATES",
            optional=True))
        self.addParameter(QgsProcessingParameterEnum("MODEL", "模型 Model", options=MODELS, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber("ADD", "新增设施数 Sites to add",
                                                       type=QgsProcessingParameterNumber.Integer, defaultValue=3,
                                                       minValue=1, maxValue=100000))
        self.addParameter(QgsProcessingParameterNumber(
            "TARGET_SHARE", "目标覆盖率 Target share (set covering)", type=QgsProcessingParameterNumber.Double,
            defaultValue=0.9, minValue=0.0, maxValue=1.0))
        self.add_output_parameters()
        self.addOutput(QgsProcessingOutputNumber("GAP", "最优性差距 Optimality gap"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS' name
        folder, output = self.output_arguments(parameters, context)
        model = MODELS[self.parameterAsEnum(parameters, "MODEL", context)]
        arguments = ["site", *demand_and_service_arguments(self, parameters, context, feedback),
                     "--candidates", self.source_path(parameters, "CANDIDATES", context, feedback),
                     "--model", model]
        name = self.parameterAsString(parameters, "CANDIDATE_NAME", context)
        if name:
            arguments += ["--candidate-name", name]
        if model == "set_covering":
            arguments += ["--target-share", self.parameterAsDouble(parameters, "TARGET_SHARE", context)]
        else:
            arguments += ["--add", self.parameterAsInt(parameters, "ADD", context)]
        _, summary, results = self.run_and_load(arguments + output, folder, context, feedback)
        results["GAP"] = (summary.get("siting") or {}).get("gap")
        return results


class Isochrones(LifecircleAlgorithm):
    command = "isochrones"
    title = "服务范围 Service areas (isochrones)"
    summary = "沿路网绘制设施的步行服务范围。Draws the walking service areas of facilities on the road network."

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS' name
        self.addParameter(QgsProcessingParameterFile(
            "ROADS", "路网 Roads (OpenStreetMap .osm.pbf/.osm, or a line layer)",
            behavior=QgsProcessingParameterFile.File,
            fileFilter="OpenStreetMap (*.osm.pbf *.pbf *.osm);;Line layers (*.gpkg *.shp *.geojson *.fgb);;All files (*)"))
        self.addParameter(QgsProcessingParameterFeatureSource(
            "FACILITIES", "设施 Facilities", [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "FACILITY_NAME", "设施名称字段 Facility name field", parentLayerParameterName="FACILITIES", optional=True))
        self.addParameter(QgsProcessingParameterString("MINUTES", "步行时间（分钟，逗号分隔） Minutes, comma separated",
                                                       defaultValue="5,10,15"))
        self.addParameter(QgsProcessingParameterNumber("WALK_KMH", "步行速度（公里/小时） Walking speed, km/h",
                                                       type=QgsProcessingParameterNumber.Double, defaultValue=4.0,
                                                       minValue=0.1, maxValue=30.0))
        self.addParameter(QgsProcessingParameterBoolean("PER_FACILITY", "每个设施单独 One area per facility too",
                                                        defaultValue=False))
        self.add_output_parameters()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS' name
        folder, output = self.output_arguments(parameters, context)
        arguments = ["isochrones", "--roads", self.parameterAsFile(parameters, "ROADS", context),
                     "--facilities", self.source_path(parameters, "FACILITIES", context, feedback),
                     "--minutes", self.parameterAsString(parameters, "MINUTES", context).replace(" ", ""),
                     "--walk-kmh", self.parameterAsDouble(parameters, "WALK_KMH", context)]
        name = self.parameterAsString(parameters, "FACILITY_NAME", context)
        if name:
            arguments += ["--facility-name", name]
        if self.parameterAsBoolean(parameters, "PER_FACILITY", context):
            arguments.append("--per-facility")
        _, _, results = self.run_and_load(arguments + output, folder, context, feedback)
        return results


class CheckBoundaries(LifecircleAlgorithm):
    command = "check-boundaries"
    title = "边界检查 Check boundaries"
    summary = ("检查行政区划边界：有效性、重叠、缝隙、边界不一致、嵌套、飞地与区划代码。Checks boundary polygons "
               "before publication: validity, overlaps, gaps, borders, nesting, enclaves and division codes.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS' name
        self.addParameter(QgsProcessingParameterFeatureSource(
            "PARENT_LEVEL", "上级区划 Parent level (optional)", [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString("PARENT_NAME", "上级层级名 Parent level name",
                                                       defaultValue="county"))
        self.addParameter(QgsProcessingParameterFeatureSource("LEVEL", "区划 Units to check",
                                                              [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterString("LEVEL_NAME", "层级名 Level name", defaultValue="township"))
        for key, label in (("CODE_FIELD", "代码字段 Code field"), ("NAME_FIELD", "名称字段 Name field"),
                           ("PARENT_FIELD", "上级代码字段 Parent code field")):
            self.addParameter(QgsProcessingParameterField(key, label, parentLayerParameterName="LEVEL",
                                                          optional=True))
        self.addParameter(QgsProcessingParameterEnum("CODES", "代码规则 Codes", options=["gb", "any"],
                                                     defaultValue=0))
        self.add_output_parameters()
        self.add_finding_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS' name
        folder, output = self.output_arguments(parameters, context)
        arguments = ["check-boundaries"]
        parent = self.source_path(parameters, "PARENT_LEVEL", context, feedback)
        if parent:
            arguments += ["--level", f"{self.parameterAsString(parameters, 'PARENT_NAME', context)}={parent}"]
        level = self.source_path(parameters, "LEVEL", context, feedback)
        arguments += ["--level", f"{self.parameterAsString(parameters, 'LEVEL_NAME', context)}={level}"]
        arguments += self.given_options(parameters, context, (("CODE_FIELD", "--code-field"),
                                                              ("NAME_FIELD", "--name-field"),
                                                              ("PARENT_FIELD", "--parent-field")))
        arguments += ["--codes", ["gb", "any"][self.parameterAsEnum(parameters, "CODES", context)]]
        return self.run_check(arguments + output, folder, context, feedback)


class CheckNames(LifecircleAlgorithm):
    command = "check-names"
    title = "地名检查 Check names"
    summary = ("检查地名与区划代码：规范汉字、繁体异体、重名同音、通名与代码、对照官方代码表、罗马字拼写。Checks place "
               "names and codes against the 地名管理条例 and the official code list, and writes each name's "
               "standard romanisation.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS' name
        self.addParameter(QgsProcessingParameterFeatureSource("INPUT", "地名表或图层 Names (table or layer)",
                                                              [QgsProcessing.TypeVector]))
        self.addParameter(QgsProcessingParameterField("NAME_FIELD", "名称字段 Name field",
                                                      parentLayerParameterName="INPUT"))
        for key, label in (("CODE_FIELD", "代码字段 Code field"), ("PARENT_FIELD", "上级代码字段 Parent code field"),
                           ("PINYIN_FIELD", "拼音字段 Romanisation field")):
            self.addParameter(QgsProcessingParameterField(key, label, parentLayerParameterName="INPUT",
                                                          optional=True))
        self.addParameter(QgsProcessingParameterString("ENCODING", "编码 Encoding (GBK, UTF-8 …; empty: as declared)",
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFile("GAZETTEER", "官方代码表文件夹 Official code list folder",
                                                     behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.add_output_parameters()
        self.add_finding_outputs()

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS' name
        folder, output = self.output_arguments(parameters, context)
        arguments = ["check-names", "--input", self.source_path(parameters, "INPUT", context, feedback),
                     "--name-field", self.parameterAsString(parameters, "NAME_FIELD", context)]
        arguments += self.given_options(parameters, context, (("CODE_FIELD", "--code-field"),
                                                              ("PARENT_FIELD", "--parent-field"),
                                                              ("PINYIN_FIELD", "--pinyin-field"),
                                                              ("ENCODING", "--encoding"),
                                                              ("GAZETTEER", "--gazetteer")))
        return self.run_check(arguments + output, folder, context, feedback)


ALGORITHMS = [RunScenario, Coverage, Site, Isochrones, CheckBoundaries, CheckNames]
