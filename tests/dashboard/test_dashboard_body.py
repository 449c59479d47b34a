"""Rules for CloudWatch dashboard bodies, one test per rule.

Every rejection test checks that the message names the offending field and
value, because that message is all a service team sees at synth time.
"""

from __future__ import annotations

import copy

import pytest

from monitoring_constructs.dashboard.body_checks import GRID_COLUMNS, MISSING, is_valid_stat
from monitoring_constructs.dashboard.body_rules import validate_dashboard_body
from monitoring_constructs.dashboard.layout import place_widgets
from monitoring_constructs.core.errors import MonitoringConfigError

CPU_ALARM = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-api-cpu-high"
ALARM_TOKEN = "${TfToken[TOKEN.42]}"
TF_ALARM_ARN = "${aws_cloudwatch_metric_alarm.orders_5xx.arn}"

ECS_CPU = {
    "type": "metric",
    "x": 0,
    "y": 0,
    "width": 12,
    "height": 6,
    "properties": {
        "title": "orders-api CPU and memory",
        "view": "timeSeries",
        "region": "eu-west-1",
        "stat": "Average",
        "period": 60,
        "metrics": [
            ["AWS/ECS", "CPUUtilization", "ClusterName", "prod", "ServiceName", "orders-api"],
            [".", "MemoryUtilization", ".", ".", ".", ".", {"yAxis": "right", "color": "#ff7f0e"}],
        ],
        "yAxis": {"left": {"min": 0, "max": 100, "label": "%"}, "right": {"min": 0}},
        "annotations": {
            "horizontal": [{"label": "CPU alarm", "value": 80, "fill": "above", "color": "#d62728"}]
        },
        "legend": {"position": "bottom"},
    },
}

ALB_5XX = {
    "type": "metric",
    "x": 12,
    "y": 0,
    "width": 12,
    "height": 6,
    "properties": {
        "title": "orders-api 5xx rate",
        "region": "eu-west-1",
        "period": 300,
        "stat": "Sum",
        "metrics": [
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer",
             "app/orders-alb/0123456789abcdef", {"id": "errors", "visible": False}],
            [".", "RequestCount", ".", ".", {"id": "requests", "visible": False}],
            [{"expression": "100 * errors / requests", "label": "5xx %", "id": "rate"}],
        ],
    },
}

ALARM_STATUS = {
    "type": "alarm",
    "x": 0,
    "y": 6,
    "width": 24,
    "height": 3,
    "properties": {
        "title": "orders-api alarms",
        "alarms": [CPU_ALARM, TF_ALARM_ARN, ALARM_TOKEN],
        "sortBy": "stateUpdatedTimestamp",
        "states": ["ALARM", "INSUFFICIENT_DATA"],
    },
}

LOGS_INSIGHTS = {
    "type": "log",
    "x": 0,
    "y": 9,
    "width": 24,
    "height": 6,
    "properties": {
        "title": "Recent errors",
        "region": "eu-west-1",
        "view": "table",
        "query": "SOURCE '/ecs/orders-api' | fields @timestamp, @message"
                 "\n| filter @message like /ERROR/\n| sort @timestamp desc\n| limit 50",
    },
}

SERVICE_DASHBOARD = {
    "start": "-PT6H",
    "periodOverride": "inherit",
    "widgets": [ECS_CPU, ALB_5XX, ALARM_STATUS, LOGS_INSIGHTS],
}


def dashboard() -> dict:
    """A fresh copy of the realistic dashboard, safe to break in a test."""
    return copy.deepcopy(SERVICE_DASHBOARD)


def widget(body: dict, index: int) -> dict:
    return body["widgets"][index]


def props(body: dict, index: int) -> dict:
    return body["widgets"][index]["properties"]


def assert_rejected(body: object, field: str, value: object, allowed_mentions: str = "") -> None:
    with pytest.raises(MonitoringConfigError) as caught:
        validate_dashboard_body(body)
    error = caught.value
    assert error.field == field
    assert error.value == value
    assert field in str(error)
    assert repr(value) in str(error)
    assert allowed_mentions in error.allowed


# --- Whole dashboards ------------------------------------------------------------


def test_a_realistic_service_dashboard_is_accepted():
    validate_dashboard_body(dashboard())


def test_the_aws_reference_example_is_accepted():
    validate_dashboard_body({
        "start": "-PT6H",
        "periodOverride": "inherit",
        "widgets": [
            {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
                "metrics": [["AWS/EC2", "CPUUtilization", "InstanceId", "i-012345"]],
                "period": 300, "stat": "Average", "region": "us-east-1",
                "title": "EC2 Instance CPU", "liveData": False, "legend": {"position": "right"}}},
            {"type": "text", "x": 0, "y": 7, "width": 3, "height": 3,
             "properties": {"markdown": "Hello world"}},
        ],
    })


def test_a_dashboard_may_have_no_widgets():
    validate_dashboard_body({"widgets": []})


def test_a_dashboard_must_have_a_widgets_list():
    assert_rejected({"start": "-PT3H"}, "dashboard.widgets", MISSING, "widgets")


def test_a_dashboard_body_must_be_a_mapping_not_json_text():
    assert_rejected('{"widgets": []}', "dashboard", '{"widgets": []}', "mapping")


def test_unknown_top_level_keys_are_rejected():
    body = dashboard()
    body["theme"] = "dark"
    assert_rejected(body, "dashboard.theme", "dark", "periodOverride")


def test_period_override_is_auto_or_inherit():
    body = dashboard()
    body["periodOverride"] = "always"
    assert_rejected(body, "dashboard.periodOverride", "always", "auto, inherit")


def test_an_end_time_needs_a_start_time():
    body = dashboard()
    del body["start"]
    body["end"] = "2024-05-01T00:00:00Z"
    assert_rejected(body, "dashboard.start", MISSING, "start")


def test_start_is_a_relative_or_iso_time():
    body = dashboard()
    body["start"] = "6 hours ago"
    assert_rejected(body, "dashboard.start", "6 hours ago", "-PT6H")


def test_a_dashboard_holds_at_most_500_widgets():
    text = {"type": "text", "properties": {"markdown": "note"}}
    validate_dashboard_body({"widgets": [text] * 500})
    too_many = [text] * 501
    assert_rejected({"widgets": too_many}, "dashboard.widgets", too_many, "0-500")


def test_a_variable_id_uses_only_letters_digits_dash_and_underscore():
    body = dashboard()
    body["variables"] = [{"type": "property", "property": "region", "inputType": "input",
                          "id": "the region!"}]
    assert_rejected(body, "dashboard.variables[0].id", "the region!", "0-9A-Za-z-_")


# --- The grid ---------------------------------------------------------------------


def test_a_widget_may_not_reach_past_column_24():
    body = dashboard()
    widget(body, 1)["x"] = 18  # width 12
    assert_rejected(body, "dashboard.widgets[1].width", 12, "x + width <= 24")


def test_a_widget_ending_exactly_at_column_24_is_accepted():
    body = dashboard()
    widget(body, 1).update(x=20, width=4)
    validate_dashboard_body(body)


def test_x_is_a_column_from_0_to_23():
    body = dashboard()
    widget(body, 2).update(x=24, width=1)
    assert_rejected(body, "dashboard.widgets[2].x", 24, "0 to 23")


@pytest.mark.parametrize("width", [0, 25])
def test_width_is_1_to_24(width):
    body = dashboard()
    widget(body, 3)["width"] = width
    assert_rejected(body, "dashboard.widgets[3].width", width, "1 to 24")


@pytest.mark.parametrize("height", [0, 1001])
def test_height_is_1_to_1000(height):
    body = dashboard()
    widget(body, 3)["height"] = height
    assert_rejected(body, "dashboard.widgets[3].height", height, "1 to 1000")


def test_y_may_not_be_negative():
    body = dashboard()
    widget(body, 3)["y"] = -1
    assert_rejected(body, "dashboard.widgets[3].y", -1, ">= 0")


def test_x_and_y_come_together():
    body = dashboard()
    del widget(body, 3)["y"]
    assert_rejected(body, "dashboard.widgets[3].y", MISSING, "x and y together")


def test_a_token_is_not_accepted_as_a_size():
    body = dashboard()
    widget(body, 0)["width"] = "${var.cpu_widget_width}"
    assert_rejected(body, "dashboard.widgets[0].width", "${var.cpu_widget_width}", "token")


def test_true_is_not_a_size():
    body = dashboard()
    widget(body, 0)["height"] = True
    assert_rejected(body, "dashboard.widgets[0].height", True, "integer")


def test_overlapping_widgets_are_rejected():
    body = dashboard()
    widget(body, 3)["y"] = 8  # the alarm widget covers rows 6-8
    with pytest.raises(MonitoringConfigError) as caught:
        validate_dashboard_body(body)
    error = caught.value
    assert error.field == "dashboard.widgets[3]"
    assert error.value == {"x": 0, "y": 8, "width": 24, "height": 6}
    assert "dashboard.widgets[2] (x=0, y=6, width=24, height=3)" in error.allowed


def test_widgets_that_only_touch_do_not_overlap():
    body = {"widgets": [
        {"type": "text", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {"markdown": "a"}},
        {"type": "text", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {"markdown": "b"}},
        {"type": "text", "x": 0, "y": 6, "width": 24, "height": 1, "properties": {"markdown": "c"}},
    ]}
    validate_dashboard_body(body)


def test_default_sizes_count_when_checking_overlap():
    body = {"widgets": [
        {"type": "text", "x": 0, "y": 0, "properties": {"markdown": "6x6 by default"}},
        {"type": "text", "x": 5, "y": 5, "width": 1, "height": 1, "properties": {"markdown": "b"}},
    ]}
    assert_rejected(body, "dashboard.widgets[1]", {"x": 5, "y": 5, "width": 1, "height": 1}, "widgets[0]")


def test_unplaced_widgets_are_left_for_cloudwatch_to_place():
    body = {"widgets": [
        {"type": "text", "properties": {"markdown": "a"}},
        {"type": "text", "properties": {"markdown": "b"}},
    ]}
    validate_dashboard_body(body)


# --- Widget shape -----------------------------------------------------------------


def test_widget_type_is_one_aws_knows():
    body = dashboard()
    widget(body, 0)["type"] = "graph"
    assert_rejected(body, "dashboard.widgets[0].type", "graph", "metric, text, log, alarm, explorer, custom")


def test_a_widget_has_properties():
    body = dashboard()
    del widget(body, 3)["properties"]
    assert_rejected(body, "dashboard.widgets[3].properties", MISSING, "log widget")


def test_unknown_widget_keys_are_rejected():
    body = dashboard()
    widget(body, 0)["title"] = "CPU"
    assert_rejected(body, "dashboard.widgets[0].title", "CPU", "properties")


# --- Metric widgets ---------------------------------------------------------------


def test_a_metric_row_may_repeat_the_previous_namespace_with_a_dot():
    body = dashboard()
    props(body, 0)["metrics"] = [
        ["AWS/ECS", "CPUUtilization", "ClusterName", "prod", "ServiceName", "orders-api"],
        [".", ".", ".", ".", ".", "payments-api"],
    ]
    validate_dashboard_body(body)


def test_the_first_metric_row_cannot_use_a_dot():
    body = dashboard()
    props(body, 0)["metrics"] = [[".", "CPUUtilization", "ClusterName", "prod"]]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[0][0]", ".", "previous")


def test_a_dot_needs_a_value_at_that_position_in_the_previous_row():
    body = dashboard()
    props(body, 0)["metrics"] = [
        ["AWS/ECS", "CPUUtilization"],
        [".", ".", ".", "orders-api"],
    ]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[1][2]", ".", "previous")


def test_three_dots_repeat_the_whole_previous_row():
    body = dashboard()
    props(body, 0)["metrics"] = [
        ["AWS/ECS", "CPUUtilization", "ClusterName", "prod", "ServiceName", "orders-api"],
        ["...", {"stat": "Maximum", "label": "peak"}],
    ]
    validate_dashboard_body(body)


def test_an_expression_row_is_not_a_previous_row_for_dots():
    body = dashboard()
    props(body, 0)["metrics"] = [
        [{"expression": "SEARCH('{AWS/ECS,ClusterName} CPUUtilization', 'Average', 60)", "id": "s"}],
        [".", "CPUUtilization"],
    ]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[1][0]", ".", "previous")


def test_metrics_is_a_list_of_rows_not_one_flat_row():
    body = dashboard()
    props(body, 0)["metrics"] = ["AWS/ECS", "CPUUtilization"]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[0]", "AWS/ECS", "Namespace, MetricName")


def test_a_metric_row_names_a_namespace_and_a_metric():
    body = dashboard()
    props(body, 0)["metrics"] = [["AWS/ECS"]]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[0]", ["AWS/ECS"], "metric name")


def test_dimension_names_and_values_come_in_pairs():
    body = dashboard()
    props(body, 0)["metrics"] = [["AWS/ECS", "CPUUtilization", "ClusterName"]]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[0][2]", "ClusterName", "pairs")


def test_render_options_come_last_in_a_row():
    body = dashboard()
    props(body, 0)["metrics"] = [["AWS/ECS", {"stat": "Maximum"}, "CPUUtilization"]]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[0][1]", {"stat": "Maximum"}, "string")


def test_an_expression_id_starts_with_a_lowercase_letter():
    body = dashboard()
    props(body, 1)["metrics"][2] = [{"expression": "100 * errors / requests", "id": "Rate"}]
    assert_rejected(body, "dashboard.widgets[1].properties.metrics[2][0].id", "Rate", "lowercase")


def test_a_row_is_either_a_metric_or_an_expression():
    body = dashboard()
    row = ["AWS/ECS", "CPUUtilization", {"expression": "m1 * 2"}]
    props(body, 0)["metrics"] = [row]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[0]", row, "not both")


def test_a_per_metric_period_follows_the_period_rule():
    body = dashboard()
    props(body, 0)["metrics"][1][-1]["period"] = 90
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[1][6].period", 90, "multiple of 60")


def test_a_metric_color_is_a_hex_code():
    body = dashboard()
    props(body, 0)["metrics"][1][-1]["color"] = "red"
    assert_rejected(body, "dashboard.widgets[0].properties.metrics[1][6].color", "red", "hex")


def test_a_metric_widget_needs_metrics_or_an_alarm_annotation():
    body = dashboard()
    del props(body, 0)["metrics"]
    assert_rejected(body, "dashboard.widgets[0].properties.metrics", MISSING, "alarm annotation")


def test_an_empty_metrics_list_is_rejected():
    body = dashboard()
    props(body, 0)["metrics"] = []
    assert_rejected(body, "dashboard.widgets[0].properties.metrics", [], "at least one metric row")


def test_a_graph_of_one_alarm_needs_no_metrics():
    body = dashboard()
    p = props(body, 0)
    del p["metrics"]
    p["annotations"] = {"alarms": [TF_ALARM_ARN]}
    validate_dashboard_body(body)


def test_an_alarm_annotation_cannot_sit_beside_metrics():
    body = dashboard()
    props(body, 0)["annotations"] = {"alarms": [CPU_ALARM]}
    assert_rejected(body, "dashboard.widgets[0].properties.annotations.alarms", [CPU_ALARM], "no alarm annotation")


def test_a_metric_widget_graphs_at_most_one_alarm():
    body = dashboard()
    p = props(body, 0)
    del p["metrics"]
    p["annotations"] = {"alarms": [CPU_ALARM, CPU_ALARM]}
    assert_rejected(body, "dashboard.widgets[0].properties.annotations.alarms", [CPU_ALARM, CPU_ALARM], "at most one")


def test_an_alarm_annotation_cannot_sit_beside_horizontal_lines():
    body = dashboard()
    p = props(body, 0)
    del p["metrics"]
    p["annotations"]["alarms"] = [CPU_ALARM]
    assert_rejected(body, "dashboard.widgets[0].properties.annotations.alarms", [CPU_ALARM], "horizontal")


def test_a_horizontal_annotation_has_a_value():
    body = dashboard()
    props(body, 0)["annotations"]["horizontal"] = [{"label": "CPU alarm"}]
    assert_rejected(body, "dashboard.widgets[0].properties.annotations.horizontal[0].value", MISSING, "value")


def test_a_token_is_not_accepted_as_an_annotation_value():
    body = dashboard()
    props(body, 0)["annotations"]["horizontal"][0]["value"] = "${var.cpu_threshold}"
    assert_rejected(
        body, "dashboard.widgets[0].properties.annotations.horizontal[0].value", "${var.cpu_threshold}", "token"
    )


def test_a_band_annotation_is_two_lines_with_values():
    body = dashboard()
    band = [{"value": 40, "label": "normal"}, {"label": "top"}]
    props(body, 0)["annotations"]["horizontal"] = [band]
    assert_rejected(body, "dashboard.widgets[0].properties.annotations.horizontal[0][1].value", MISSING, "value")


def test_a_vertical_annotation_is_an_iso_time():
    body = dashboard()
    props(body, 0)["annotations"]["vertical"] = [{"value": "2024-05-01T12:00:00Z", "label": "deploy"}]
    validate_dashboard_body(body)
    props(body, 0)["annotations"]["vertical"] = [{"value": "yesterday"}]
    assert_rejected(body, "dashboard.widgets[0].properties.annotations.vertical[0].value", "yesterday", "ISO 8601")


def test_horizontal_fill_is_above_below_or_none():
    body = dashboard()
    props(body, 0)["annotations"]["horizontal"][0]["fill"] = "after"
    assert_rejected(body, "dashboard.widgets[0].properties.annotations.horizontal[0].fill", "after", "above")


def test_view_is_one_aws_knows():
    body = dashboard()
    props(body, 0)["view"] = "line"
    assert_rejected(body, "dashboard.widgets[0].properties.view", "line", "timeSeries, singleValue, gauge")


def test_a_gauge_needs_left_axis_min_and_max():
    body = dashboard()
    p = props(body, 0)
    p["view"] = "gauge"
    del p["yAxis"]["left"]["max"]
    assert_rejected(body, "dashboard.widgets[0].properties.yAxis.left.max", MISSING, "gauge")


def test_a_metric_widget_names_its_region():
    body = dashboard()
    del props(body, 0)["region"]
    assert_rejected(body, "dashboard.widgets[0].properties.region", MISSING, "region")


def test_a_token_is_accepted_as_a_region():
    body = dashboard()
    props(body, 0)["region"] = "${data.aws_region.current.name}"
    validate_dashboard_body(body)


def test_a_token_is_accepted_as_a_dimension_value():
    body = dashboard()
    props(body, 0)["metrics"][0][5] = "${aws_ecs_service.orders.name}"
    validate_dashboard_body(body)


@pytest.mark.parametrize(
    "stat",
    ["SampleCount", "Average", "Sum", "Minimum", "Maximum", "IQM", "p99", "p99.9", "p100",
     "tm90", "wm98", "tc90", "ts90", "TM(10%:90%)", "TM(:95%)", "TS(80%:)", "TC(0.005:0.030)",
     "PR(:300)", "PR(100:2000)"],
)
def test_cloudwatch_statistics_are_accepted(stat):
    assert is_valid_stat(stat)
    body = dashboard()
    props(body, 0)["stat"] = stat
    validate_dashboard_body(body)


@pytest.mark.parametrize(
    "stat", ["Avg", "average", "P99", "p101", "TM(90%:10%)", "TM(:)", "tm(10%:90%)", "PR(:30%)",
             "TM(10%:900)", "${var.stat}"],
)
def test_other_statistics_are_rejected(stat):
    body = dashboard()
    props(body, 0)["stat"] = stat
    assert_rejected(body, "dashboard.widgets[0].properties.stat", stat, "SampleCount")


@pytest.mark.parametrize("period", [1, 5, 10, 20, 30, 60, 300, 3600])
def test_periods_are_high_resolution_or_whole_minutes(period):
    body = dashboard()
    props(body, 0)["period"] = period
    validate_dashboard_body(body)


@pytest.mark.parametrize("period", [0, 15, 45, 90, -60, 300.0, "300", "${var.period}"])
def test_other_periods_are_rejected(period):
    body = dashboard()
    props(body, 0)["period"] = period
    assert_rejected(body, "dashboard.widgets[0].properties.period", period, "multiple of 60")


# --- Text, log, alarm, explorer and custom widgets --------------------------------


def test_a_text_widget_has_markdown():
    body = {"widgets": [{"type": "text", "properties": {"background": "transparent"}}]}
    assert_rejected(body, "dashboard.widgets[0].properties.markdown", MISSING, "markdown")


def test_a_text_background_is_solid_or_transparent():
    body = {"widgets": [{"type": "text", "properties": {"markdown": "x", "background": "glass"}}]}
    assert_rejected(body, "dashboard.widgets[0].properties.background", "glass", "solid, transparent")


def test_a_log_widget_names_its_region():
    body = dashboard()
    del props(body, 3)["region"]
    assert_rejected(body, "dashboard.widgets[3].properties.region", MISSING, "region")


def test_a_log_query_names_its_log_groups_with_source():
    body = dashboard()
    props(body, 3)["query"] = "fields @timestamp, @message | limit 20"
    assert_rejected(
        body, "dashboard.widgets[3].properties.query", "fields @timestamp, @message | limit 20", "SOURCE"
    )


def test_a_token_log_group_inside_source_is_accepted():
    body = dashboard()
    props(body, 3)["query"] = "SOURCE '${aws_cloudwatch_log_group.orders.name}' | limit 20"
    validate_dashboard_body(body)


def test_a_log_view_is_table_time_series_bar_or_pie():
    body = dashboard()
    props(body, 3)["view"] = "singleValue"
    assert_rejected(body, "dashboard.widgets[3].properties.view", "singleValue", "table, timeSeries, bar, pie")


def test_an_alarm_widget_lists_at_least_one_alarm():
    body = dashboard()
    props(body, 2)["alarms"] = []
    assert_rejected(body, "dashboard.widgets[2].properties.alarms", [], "1-100")


def test_an_alarm_widget_lists_at_most_100_alarms():
    body = dashboard()
    alarms = [CPU_ALARM] * 101
    props(body, 2)["alarms"] = alarms
    assert_rejected(body, "dashboard.widgets[2].properties.alarms", alarms, "1-100")


def test_a_token_is_accepted_as_an_alarm_arn():
    body = dashboard()
    props(body, 2)["alarms"] = [ALARM_TOKEN]
    validate_dashboard_body(body)


def test_an_alarm_is_listed_by_arn_not_by_name():
    body = dashboard()
    props(body, 2)["alarms"] = [CPU_ALARM, "orders-api-cpu-high"]
    assert_rejected(body, "dashboard.widgets[2].properties.alarms[1]", "orders-api-cpu-high", "alarm ARN")


def test_alarm_states_are_alarm_insufficient_data_or_ok():
    body = dashboard()
    props(body, 2)["states"] = ["ALARM", "FIRING"]
    assert_rejected(body, "dashboard.widgets[2].properties.states[1]", "FIRING", "INSUFFICIENT_DATA")


EXPLORER = {
    "type": "explorer", "x": 0, "y": 0, "width": 24, "height": 15,
    "properties": {
        "metrics": [
            {"metricName": "CPUUtilization", "resourceType": "AWS::EC2::Instance", "stat": "Average"},
            {"metricName": "NetworkIn", "resourceType": "AWS::EC2::Instance", "stat": "Average"},
        ],
        "aggregateBy": {"key": "InstanceType", "func": "MAX"},
        "labels": [{"key": "State", "value": "running"}],
        "widgetOptions": {"legend": {"position": "bottom"}, "view": "timeSeries",
                          "rowsPerPage": 8, "widgetsPerRow": 2},
        "period": 300,
        "splitBy": "AvailabilityZone",
    },
}


def test_an_explorer_widget_is_accepted():
    validate_dashboard_body({"widgets": [copy.deepcopy(EXPLORER)]})


def test_explorer_metrics_share_one_resource_type():
    explorer = copy.deepcopy(EXPLORER)
    explorer["properties"]["metrics"][1]["resourceType"] = "AWS::Lambda::Function"
    assert_rejected(
        {"widgets": [explorer]}, "dashboard.widgets[0].properties.metrics[1].resourceType",
        "AWS::Lambda::Function", "AWS::EC2::Instance",
    )


def test_a_custom_widget_calls_a_lambda_function():
    custom = {"type": "custom", "x": 0, "y": 0, "width": 6, "height": 6, "properties": {
        "endpoint": "${aws_lambda_function.widget.arn}", "title": "Queue depth",
        "params": {"queue": "orders"}, "updateOn": {"refresh": True, "resize": True, "timeRange": True}}}
    validate_dashboard_body({"widgets": [custom]})
    custom["properties"]["endpoint"] = "arn:aws:sns:eu-west-1:123456789012:topic"
    assert_rejected(
        {"widgets": [custom]}, "dashboard.widgets[0].properties.endpoint",
        "arn:aws:sns:eu-west-1:123456789012:topic", "Lambda function ARN",
    )


# --- Placing widgets on the grid --------------------------------------------------


def test_widgets_flow_left_to_right_and_wrap_when_the_row_is_full():
    assert place_widgets([(12, 6), (12, 6), (8, 6), (8, 6), (8, 6)]) == [
        (0, 0), (12, 0), (0, 6), (8, 6), (16, 6),
    ]


def test_a_new_row_starts_below_the_tallest_widget_of_the_row():
    assert place_widgets([(6, 3), (6, 9), (18, 2), (12, 4)]) == [(0, 0), (6, 0), (0, 9), (0, 11)]


def test_a_full_width_widget_gets_a_row_of_its_own():
    assert place_widgets([(6, 6), (GRID_COLUMNS, 3), (6, 6)]) == [(0, 0), (0, 6), (0, 9)]


def test_placed_widgets_pass_validation():
    sizes = [(12, 6), (12, 6), (24, 3), (7, 4), (9, 2), (10, 5), (24, 6)]
    widgets = [
        {"type": "text", "x": x, "y": y, "width": w, "height": h, "properties": {"markdown": f"#{i}"}}
        for i, ((w, h), (x, y)) in enumerate(zip(sizes, place_widgets(sizes)))
    ]
    validate_dashboard_body({"widgets": widgets})


def test_place_widgets_rejects_a_widget_wider_than_the_grid():
    with pytest.raises(MonitoringConfigError) as caught:
        place_widgets([(6, 6), (25, 6)])
    assert caught.value.field == "sizes[1].width"
    assert caught.value.value == 25


# --- Anomaly-detection bands -------------------------------------------------------


def banded(width: str = "2", names: str = "m1") -> dict:
    """The 5xx widget with a request-count line and its anomaly-detection band."""
    body = dashboard()
    props(body, 1)["metrics"] += [
        ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/orders-alb/0123456789abcdef", {"id": "m1", "stat": "Sum"}],
        [{"expression": f"ANOMALY_DETECTION_BAND({names}, {width})", "label": "expected requests", "id": "band1"}],
    ]
    return body


def test_an_anomaly_detection_band_around_a_row_of_the_widget_is_accepted():
    validate_dashboard_body(banded())
    body = banded()
    props(body, 1)["metrics"][-1][0]["expression"] = "ANOMALY_DETECTION_BAND(m1)"  # the width defaults to 2
    validate_dashboard_body(body)


def test_a_band_must_name_a_row_of_its_widget():
    expression = "ANOMALY_DETECTION_BAND(latency, 2)"
    assert_rejected(banded(names="latency"), "dashboard.widgets[1].properties.metrics[4][0].expression", expression,
                    "another row of this widget")


def test_a_band_width_is_a_positive_number_of_standard_deviations():
    for width in ("0", "-1", "two"):
        assert_rejected(banded(width=width), "dashboard.widgets[1].properties.metrics[4][0].expression",
                        f"ANOMALY_DETECTION_BAND(m1, {width})", "positive number of standard deviations")


def test_row_ids_are_unique_within_a_widget():
    body = banded()
    props(body, 1)["metrics"][3][-1]["id"] = "rate"
    assert_rejected(body, "dashboard.widgets[1].properties.metrics[2][0].id", "rate", "no other row")
