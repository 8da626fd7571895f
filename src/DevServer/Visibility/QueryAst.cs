namespace Release.DevServer.Visibility;

/// <summary>A parsed list filter: an optional condition, then GROUP BY and ORDER BY clauses.</summary>
internal sealed record ParsedQuery(QueryExpr? Filter, ColumnRef? GroupBy, IReadOnlyList<OrderTerm> OrderBy);

internal sealed record ColumnRef(string Name, int Position);

internal sealed record OrderTerm(ColumnRef Column, bool Descending);

internal enum LiteralKind { String, Number, Bool }

/// <summary>A value as written: <see cref="Text"/> is the string, number text or TRUE/FALSE.</summary>
internal sealed record Literal(LiteralKind Kind, string Text, int Position);

internal abstract record QueryExpr;

internal sealed record AndExpr(QueryExpr Left, QueryExpr Right) : QueryExpr;

internal sealed record OrExpr(QueryExpr Left, QueryExpr Right) : QueryExpr;

internal sealed record NotExpr(QueryExpr Inner) : QueryExpr;

/// <summary><c>column op value</c> with op one of = != &lt; &lt;= &gt; &gt;=.</summary>
internal sealed record CompareExpr(ColumnRef Column, string Operator, Literal Value, int OperatorPosition) : QueryExpr;

internal sealed record InExpr(ColumnRef Column, IReadOnlyList<Literal> Values, bool Negated) : QueryExpr;

internal sealed record BetweenExpr(ColumnRef Column, Literal From, Literal To, bool Negated) : QueryExpr;

internal sealed record StartsWithExpr(ColumnRef Column, Literal Prefix, bool Negated, int OperatorPosition) : QueryExpr;

internal sealed record IsNullExpr(ColumnRef Column, bool Negated) : QueryExpr;
