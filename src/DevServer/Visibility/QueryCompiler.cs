using Temporalio.Api.Enums.V1;

namespace Release.DevServer.Visibility;

internal sealed record SortKey(string Name, bool Descending);

/// <summary>A filter ready to run over <see cref="VisibilityRecord"/>s.</summary>
internal sealed record CompiledQuery(Func<VisibilityRecord, bool> Filter, IReadOnlyList<SortKey> OrderBy, string? GroupBy);

/// <summary>
/// Resolves the names of a parsed filter against a namespace's search attributes, checks each
/// operator is allowed for the attribute's type (as the real server does) and builds the predicate.
/// Semantics follow the real server's Elasticsearch visibility: KeywordList '=' means "contains",
/// Text '=' matches any word, and negations (!=, NOT IN, NOT ...) also match runs without a value.
/// </summary>
internal static class QueryCompiler
{
    public static CompiledQuery Compile(string query, IReadOnlyDictionary<string, IndexedValueType> custom)
    {
        var parsed = QueryParser.Parse(query);
        var filter = parsed.Filter is null ? (_ => true) : Build(parsed.Filter, custom);
        var orderBy = parsed.OrderBy.Select(term =>
        {
            var type = Resolve(term.Column, custom);
            return type == IndexedValueType.Text
                ? throw new VisibilityQueryException("operation is not supported: unable to sort by search attribute type Text", term.Column.Position)
                : new SortKey(term.Column.Name, term.Descending);
        }).ToList();
        string? groupBy = null;
        if (parsed.GroupBy is { } group)
        {
            Resolve(group, custom);
            groupBy = group.Name == SearchAttributeCatalog.ExecutionStatus
                ? group.Name
                : throw new VisibilityQueryException(
                    $"operation is not supported: 'GROUP BY' clause is not supported for search attribute {group.Name}", group.Position);
        }
        return new CompiledQuery(filter, orderBy, groupBy);
    }

    private static Func<VisibilityRecord, bool> Build(QueryExpr expr, IReadOnlyDictionary<string, IndexedValueType> custom)
    {
        switch (expr)
        {
            case AndExpr and:
                {
                    var (left, right) = (Build(and.Left, custom), Build(and.Right, custom));
                    return r => left(r) && right(r);
                }
            case OrExpr or:
                {
                    var (left, right) = (Build(or.Left, custom), Build(or.Right, custom));
                    return r => left(r) || right(r);
                }
            case NotExpr not:
                {
                    var inner = Build(not.Inner, custom);
                    return r => !inner(r);
                }
            case IsNullExpr isNull:
                {
                    Resolve(isNull.Column, custom);
                    var name = isNull.Column.Name;
                    return r => IsMissing(r.Get(name)) != isNull.Negated;
                }
            default:
                return BuildCondition(expr, custom);
        }
    }

    private static Func<VisibilityRecord, bool> BuildCondition(QueryExpr expr, IReadOnlyDictionary<string, IndexedValueType> custom)
    {
        switch (expr)
        {
            case CompareExpr c:
                {
                    var type = Resolve(c.Column, custom);
                    CheckOperator(c.Column, type, c.Operator, c.OperatorPosition);
                    var value = LiteralConverter.Convert(c.Value, c.Column.Name, type);
                    var test = Comparison(type, c.Operator, value);
                    return r => test(r.Get(c.Column.Name));
                }
            case InExpr i:
                {
                    var type = Resolve(i.Column, custom);
                    CheckOperator(i.Column, type, "IN", i.Column.Position);
                    var tests = i.Values.Select(v => Comparison(type, "=", LiteralConverter.Convert(v, i.Column.Name, type))).ToList();
                    return r =>
                    {
                        var actual = r.Get(i.Column.Name);
                        return tests.Any(t => t(actual)) != i.Negated;
                    };
                }
            case BetweenExpr b:
                {
                    var type = Resolve(b.Column, custom);
                    if (type is not (IndexedValueType.Keyword or IndexedValueType.Int or IndexedValueType.Double or IndexedValueType.Datetime))
                    {
                        throw new VisibilityQueryException(
                            $"invalid expression: cannot do range condition on search attribute '{b.Column.Name}' of type {SearchAttributeCatalog.MetadataName(type)}",
                            b.Column.Position);
                    }
                    var from = LiteralConverter.Convert(b.From, b.Column.Name, type);
                    var to = LiteralConverter.Convert(b.To, b.Column.Name, type);
                    return r => (r.Get(b.Column.Name) is { } v && ValueOrder.Compare(v, from) >= 0 && ValueOrder.Compare(v, to) <= 0) != b.Negated;
                }
            case StartsWithExpr s:
                {
                    var type = Resolve(s.Column, custom);
                    CheckOperator(s.Column, type, "STARTS_WITH", s.OperatorPosition);
                    var prefix = (string)LiteralConverter.Convert(s.Prefix, s.Column.Name, type);
                    return r => (r.Get(s.Column.Name) is string v && v.StartsWith(prefix, StringComparison.Ordinal)) != s.Negated;
                }
            default:
                throw new InvalidOperationException($"unexpected expression {expr.GetType().Name}");
        }
    }

    private static Func<object?, bool> Comparison(IndexedValueType type, string op, object value)
    {
        if (type == IndexedValueType.KeywordList)
        {
            var wanted = (string)value;
            return actual => (actual is IReadOnlyList<string> list && list.Contains(wanted, StringComparer.Ordinal)) == (op == "=");
        }
        if (type == IndexedValueType.Text)
        {
            var words = ValueOrder.Tokens((string)value);
            return actual => (actual is string text && ValueOrder.Tokens(text).Overlaps(words)) == (op == "=");
        }
        return op switch
        {
            "=" => actual => actual is not null && ValueOrder.Compare(actual, value) == 0,
            "!=" => actual => actual is null || ValueOrder.Compare(actual, value) != 0,
            "<" => actual => actual is not null && ValueOrder.Compare(actual, value) < 0,
            "<=" => actual => actual is not null && ValueOrder.Compare(actual, value) <= 0,
            ">" => actual => actual is not null && ValueOrder.Compare(actual, value) > 0,
            _ => actual => actual is not null && ValueOrder.Compare(actual, value) >= 0,
        };
    }

    private static void CheckOperator(ColumnRef column, IndexedValueType type, string op, int position)
    {
        var allowed = type switch
        {
            IndexedValueType.KeywordList => op is "=" or "!=" or "IN",
            IndexedValueType.Text => op is "=" or "!=",
            IndexedValueType.Keyword => true,
            _ => op != "STARTS_WITH",
        };
        if (!allowed)
        {
            throw new VisibilityQueryException(
                $"operation is not supported: operator '{op}' not allowed for search attribute {column.Name} of type {SearchAttributeCatalog.MetadataName(type)}",
                position);
        }
    }

    private static IndexedValueType Resolve(ColumnRef column, IReadOnlyDictionary<string, IndexedValueType> custom) =>
        SearchAttributeCatalog.Resolve(column.Name, custom)
            ?? throw new VisibilityQueryException($"invalid search attribute: {column.Name}", column.Position);

    private static bool IsMissing(object? value) => value is null or IReadOnlyList<string> { Count: 0 };
}
