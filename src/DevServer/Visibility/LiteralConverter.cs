using System.Globalization;
using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Visibility;

/// <summary>Turns a literal of a filter into the typed value it is compared with, checking it fits the attribute.</summary>
internal static class LiteralConverter
{
    private static readonly Dictionary<string, string> StatusNames = Enum.GetValues<WorkflowExecutionStatus>()
        .Where(s => s != WorkflowExecutionStatus.Unspecified)
        .SelectMany(s => new[] { (s.ToString(), s.ToString()), ("WORKFLOW_EXECUTION_STATUS_" + ToUpperSnake(s.ToString()), s.ToString()) })
        .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase);

    public static string StatusName(WorkflowExecutionStatus status) => status.ToString();

    public static object Convert(Literal literal, string column, IndexedValueType type)
    {
        if (column == SearchAttributeCatalog.ExecutionStatus)
        {
            return ConvertStatus(literal);
        }
        if (column == SearchAttributeCatalog.ExecutionDuration)
        {
            return ConvertDuration(literal);
        }
        object? value = (type, literal.Kind) switch
        {
            (IndexedValueType.Keyword or IndexedValueType.KeywordList, LiteralKind.String) => literal.Text,
            (IndexedValueType.Text, LiteralKind.String) when !string.IsNullOrWhiteSpace(literal.Text) => literal.Text,
            (IndexedValueType.Text, LiteralKind.String) => throw new VisibilityQueryException(
                $"invalid expression: no tokens found filtering on Text type search attribute {column}", literal.Position),
            (IndexedValueType.Int or IndexedValueType.Double, LiteralKind.Number) => ParseNumber(literal.Text),
            (IndexedValueType.Bool, LiteralKind.Bool) => literal.Text == "TRUE",
            (IndexedValueType.Datetime, LiteralKind.String) => SearchAttributeValues.TryParseDatetime(literal.Text, out var d)
                ? d
                : throw new VisibilityQueryException(
                    $"invalid expression: unable to parse datetime '{literal.Text}' (expected RFC 3339, like 2024-01-02T15:04:05Z)", literal.Position),
            (IndexedValueType.Datetime, LiteralKind.Number) when long.TryParse(literal.Text, CultureInfo.InvariantCulture, out var nanos) =>
                DateTimeOffset.UnixEpoch.AddTicks(nanos / 100),
            _ => null,
        };
        return value ?? throw new VisibilityQueryException(
            $"invalid expression: invalid value type for search attribute {column} of type {SearchAttributeCatalog.MetadataName(type)}: {Show(literal)}",
            literal.Position);
    }

    private static object ParseNumber(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? l
            : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string ConvertStatus(Literal literal)
    {
        if (literal.Kind == LiteralKind.String && StatusNames.TryGetValue(literal.Text, out var name))
        {
            return name;
        }
        if (literal.Kind == LiteralKind.Number && int.TryParse(literal.Text, CultureInfo.InvariantCulture, out var number)
            && Enum.IsDefined((WorkflowExecutionStatus)number) && number != 0)
        {
            return ((WorkflowExecutionStatus)number).ToString();
        }
        throw new VisibilityQueryException(
            $"invalid expression: invalid ExecutionStatus value {Show(literal)} (expected one of {string.Join(", ", Enum.GetNames<WorkflowExecutionStatus>().Skip(1))})",
            literal.Position);
    }

    /// <summary>Nanoseconds, from an integer or a duration such as '1h30m', '250ms' or '01:30:00'.</summary>
    private static long ConvertDuration(Literal literal)
    {
        if (literal.Kind == LiteralKind.Number && long.TryParse(literal.Text, CultureInfo.InvariantCulture, out var nanos))
        {
            return nanos;
        }
        if (literal.Kind == LiteralKind.String && DurationText.TryParse(literal.Text, out var span))
        {
            return span.Ticks * 100;
        }
        throw new VisibilityQueryException(
            $"invalid expression: invalid duration value for search attribute ExecutionDuration: {Show(literal)}", literal.Position);
    }

    private static string Show(Literal literal) => literal.Kind == LiteralKind.String ? $"'{literal.Text}'" : literal.Text;

    private static string ToUpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
