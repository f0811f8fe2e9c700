#include "name_check/read_names.hpp"

#include "lifecircle/place_name.hpp"

#include "io/vector_source.hpp"
#include "text/text_decoder.hpp"

#include <ogrsf_frmts.h>

#include <memory>

namespace lifecircle::detail {

void read_names(const NameSourceSpec& spec, std::size_t source_index, NameSourceResult& result,
                std::vector<NameRecord>& records, std::vector<NameFinding>& findings) {
    SourceSpec source_spec = spec.source;
    if (!spec.encoding.empty()) {
        source_spec.encoding = spec.encoding;
    }
    const VectorSource source(source_spec, SourceKind::table);
    result.report = source.new_report();
    const AttributeTable table = source.empty_table();
    const ErrorContext where = source.context();
    const std::size_t name_field = *required_field(table, spec.fields.name, "name", where);
    const std::optional<std::size_t> code_field = required_field(table, spec.fields.code, "code", where);
    const std::optional<std::size_t> parent_field = required_field(table, spec.fields.parent, "parent code", where);
    const std::optional<std::size_t> pinyin_field = required_field(table, spec.fields.pinyin, "pinyin", where);
    // Undecodable names are findings here, not errors: the text is decoded field by field.
    TextDecoder decoder(source.text_encoding(), spec.source.path.string());
    if (result.report.crs == table_without_crs) {
        result.report.warnings.push_back(
            "the layer declares no CRS: its geometry is not used, findings are not mapped");
    }
    if (spec.encoding.empty() && !source.declared_encoding().empty()) {
        result.report.warnings.push_back("text read as " + decoder.encoding() + ", as the file declares");
    }
    std::uint64_t without_geometry = 0;
    source.for_each_feature_as_read(result.report, [&](const OGRFeature& feature) {
        NameRecord record;
        record.source = source_index;
        record.feature_id = feature.GetFID();
        const auto text = [&](std::optional<std::size_t> field, const char* role) -> std::string {
            if (!field || !feature.IsFieldSetAndNotNull(static_cast<int>(*field))) {
                return {};
            }
            TextDecoder::Result decoded = decoder.decode(feature.GetFieldAsString(static_cast<int>(*field)));
            if (decoded.error) {
                NameFinding& finding = findings.emplace_back();
                finding.rule = NameRule::undecodable;
                finding.severity = describe(finding.rule).severity;
                finding.record = records.size();
                finding.message = "feature " + std::to_string(record.feature_id) + ", field " +
                                  table.fields()[*field].name + " (" + role + "): " + *decoded.error +
                                  "; read the file with the right encoding (--encoding GBK?)";
                ++result.undecodable;
                record.decoded = false;
                return {};
            }
            return std::move(decoded.text);
        };
        const auto code = [&](std::optional<std::size_t> field, const char* role) {
            if (field && table.fields()[*field].type != FieldType::string) {
                return as_code(source.values(feature)[*field]);
            }
            return as_code(FieldValue{text(field, role)});
        };
        const std::string name = text(name_field, "name");
        record.name = to_nfc(name);
        record.code = code(code_field, "code");
        record.parent_code = code(parent_field, "parent code");
        record.pinyin = as_code(FieldValue{text(pinyin_field, "pinyin")});
        // The characters are checked as written; everything else compares the NFC form.
        for (const CharacterFinding& character : check_characters(name)) {
            NameFinding& finding = findings.emplace_back();
            finding.rule = character.rule;
            finding.severity = describe(character.rule).severity;
            finding.record = records.size();
            finding.characters = character.characters;
            finding.message = character.message;
        }
        if (source.has_geometry()) {
            const OGRGeometry* geometry = feature.GetGeometryRef();
            std::unique_ptr<OGRGeometry> lonlat(geometry != nullptr ? geometry->clone() : nullptr);
            if (lonlat && !lonlat->IsEmpty() && lonlat->transform(&source.to_wgs84()) == OGRERR_NONE &&
                is_inside_lonlat_range(*lonlat)) {
                record.wkb_wgs84.resize(static_cast<std::size_t>(lonlat->WkbSize()));
                lonlat->exportToWkb(wkbNDR, record.wkb_wgs84.data(), wkbVariantIso);
            } else {
                ++without_geometry;
            }
        }
        ++result.report.features_used;
        records.push_back(std::move(record));
    });
    if (without_geometry > 0) {
        result.report.warnings.push_back(std::to_string(without_geometry) +
                                         " names without a usable geometry: in findings.csv, not on the map");
    }
}

} // namespace lifecircle::detail
