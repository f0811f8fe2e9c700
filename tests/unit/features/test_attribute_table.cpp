#include "lifecircle/features.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

using namespace lifecircle;

namespace {

// A table of three typed columns, filled row by row as a reader fills it.
AttributeTable three_rows() {
    AttributeTable table({{"name", FieldType::string}, {"count", FieldType::integer}, {"share", FieldType::real}});
    table.add_row({std::string("武昌"), std::int64_t{3}, 0.25});
    table.add_row({FieldValue{}, std::int64_t{-7}, FieldValue{}});
    table.add_row({std::string("江岸"), FieldValue{}, 1.5});
    return table;
}

} // namespace

TEST_CASE("a table filled by rows reads back the same values by row and by column") {
    const AttributeTable table = three_rows();
    REQUIRE(table.row_count() == 3);
    CHECK(table.value(0, 0) == FieldValue{std::string("武昌")});
    CHECK(table.value(1, 1) == FieldValue{std::int64_t{-7}});
    CHECK(std::holds_alternative<std::monostate>(table.value(1, 0)));
    CHECK(std::holds_alternative<std::monostate>(table.value(2, 1)));
    const AttributeColumn& share = table.column(2);
    CHECK(share.type() == FieldType::real);
    CHECK(share.real(0) == 0.25);
    CHECK(share.is_null(1));
    CHECK(share.real(2) == 1.5);
}

TEST_CASE("values widen to the column's type and non-finite reals are null") {
    AttributeColumn reals(FieldType::real);
    reals.push_back(std::int64_t{2});
    reals.push_real(std::numeric_limits<double>::infinity());
    reals.push_real(std::nan(""));
    REQUIRE(reals.size() == 3);
    CHECK(reals.real(0) == 2.0);
    CHECK(reals.is_null(1));
    CHECK(reals.is_null(2));

    AttributeColumn texts(FieldType::string);
    texts.push_back(std::int64_t{42});
    CHECK(texts.text(0) == "42");
    CHECK_THROWS_AS(AttributeColumn(FieldType::integer).push_text("x"), std::logic_error);

    const AttributeColumn whole = AttributeColumn::of_reals({1.0, -std::numeric_limits<double>::infinity()});
    CHECK_FALSE(whole.is_null(0));
    CHECK(whole.is_null(1));
}

TEST_CASE("kept and gathered rows carry every column, nulls included") {
    const AttributeTable table = three_rows();
    const AttributeTable kept = table.kept({true, false, true});
    REQUIRE(kept.row_count() == 2);
    CHECK(kept.value(1, 0) == FieldValue{std::string("江岸")});
    CHECK(std::holds_alternative<std::monostate>(kept.value(1, 1)));

    const AttributeTable gathered = table.gathered({2, 1, 2});
    REQUIRE(gathered.row_count() == 3);
    CHECK(gathered.value(0, 2) == FieldValue{1.5});
    CHECK(std::holds_alternative<std::monostate>(gathered.value(1, 0)));
    CHECK(gathered.value(1, 1) == FieldValue{std::int64_t{-7}});
    CHECK(gathered.value(2, 0) == FieldValue{std::string("江岸")});
}

TEST_CASE("whole columns must match the table's row count") {
    AttributeTable table;
    table.add_column("id", AttributeColumn::of_integers({10, 20}));
    CHECK(table.row_count() == 2);
    table.add_column("label", AttributeColumn::of_texts({"a", "b"}));
    CHECK(table.value(1, 1) == FieldValue{std::string("b")});
    CHECK_THROWS_AS(table.add_column("short", AttributeColumn::of_reals({1.0})), std::logic_error);
    CHECK_THROWS_AS(table.add_row({std::int64_t{1}}), std::logic_error);
}

TEST_CASE("appending features widens a field both layers have and fills the missing with nulls") {
    PointLayer base;
    base.attributes = AttributeTable({{"beds", FieldType::integer}});
    base.attributes.add_row({std::int64_t{40}});
    base.positions = {{114.3, 30.5}};
    base.feature_ids = {1};
    PointLayer added;
    added.attributes = AttributeTable({{"beds", FieldType::real}, {"name", FieldType::string}});
    added.attributes.add_row({12.5, std::string("新址")});
    added.positions = {{114.4, 30.6}};
    added.feature_ids = {7};

    append_features(base, added);
    REQUIRE(base.attributes.row_count() == 2);
    CHECK(base.attributes.fields()[0].type == FieldType::real);
    CHECK(base.attributes.value(0, 0) == FieldValue{40.0});
    CHECK(std::holds_alternative<std::monostate>(base.attributes.value(0, 1)));
    CHECK(base.attributes.value(1, 1) == FieldValue{std::string("新址")});
    CHECK(base.feature_ids == std::vector<std::int64_t>{1, 7});
}

TEST_CASE("columns filled in pieces join in order into a table of whole columns") {
    AttributeColumn first(FieldType::real);
    first.push_real(1.5);
    first.push_null();
    AttributeColumn second(FieldType::real);
    second.push_real(-2.0);
    first.append(second);
    REQUIRE(first.size() == 3);
    CHECK(first.is_null(1));
    CHECK(first.real(2) == -2.0);
    CHECK_THROWS_AS(first.append(AttributeColumn(FieldType::integer)), std::logic_error);

    const AttributeTable table({{"share", FieldType::real}}, {first}, 3);
    CHECK(table.row_count() == 3);
    CHECK(table.value(0, 0) == FieldValue{1.5});
    // A table of positions only has rows but no columns.
    CHECK(AttributeTable({}, {}, 5).row_count() == 5);
    CHECK_THROWS_AS(AttributeTable({{"share", FieldType::real}}, {first}, 4), std::logic_error);
    CHECK_THROWS_AS(AttributeTable({{"share", FieldType::integer}}, {first}, 3), std::logic_error);
    CHECK_THROWS_AS(AttributeTable({{"share", FieldType::real}}, {}, 3), std::logic_error);
}
