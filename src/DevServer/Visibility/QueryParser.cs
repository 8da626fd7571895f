namespace Release.DevServer.Visibility;

/// <summary>
/// Recursive-descent parser for Temporal's list filter:
/// <code>
/// query     := [or] [GROUP BY column] [ORDER BY column [ASC|DESC] {, column [ASC|DESC]}]
/// or        := and {OR and}          and := unary {AND unary}        unary := NOT unary | primary
/// primary   := '(' or ')' | column predicate
/// predicate := op value | [NOT] IN '(' value {, value} ')' | [NOT] BETWEEN value AND value
///            | [NOT] STARTS_WITH value | IS [NOT] NULL
/// </code>
/// Names are not resolved here (see <see cref="QueryCompiler"/>), so this runs without any registry.
/// </summary>
internal sealed class QueryParser
{
    private static readonly HashSet<string> ComparisonOperators = ["=", "!=", "<", "<=", ">", ">="];
    private readonly List<QueryToken> _tokens;
    private int _index;

    private QueryParser(string query) => _tokens = QueryLexer.Tokenize(query);

    private QueryToken Current => _tokens[_index];

    private QueryToken Previous => _tokens[_index - 1];

    public static ParsedQuery Parse(string query) => new QueryParser(query ?? "").ParseQuery();

    private ParsedQuery ParseQuery()
    {
        QueryExpr? filter = null;
        if (!Current.IsKeyword("ORDER") && !Current.IsKeyword("GROUP") && Current.Kind != TokenKind.End)
        {
            filter = ParseOr();
        }
        ColumnRef? groupBy = null;
        if (Current.IsKeyword("GROUP"))
        {
            Advance();
            Expect("BY", "'BY' after 'GROUP'");
            groupBy = ParseColumn("a search attribute name after 'GROUP BY'");
            if (Current.Kind == TokenKind.Comma)
            {
                throw new VisibilityQueryException("operation is not supported: 'GROUP BY' clause supports only a single field", Current.Position);
            }
        }
        var orderBy = new List<OrderTerm>();
        if (Current.IsKeyword("ORDER"))
        {
            Advance();
            Expect("BY", "'BY' after 'ORDER'");
            do
            {
                var column = ParseColumn("a search attribute name after 'ORDER BY'");
                var descending = false;
                if (Current.IsKeyword("ASC") || Current.IsKeyword("DESC"))
                {
                    descending = Current.IsKeyword("DESC");
                    Advance();
                }
                orderBy.Add(new OrderTerm(column, descending));
            }
            while (TryAdvance(TokenKind.Comma));
        }
        if (Current.IsKeyword("LIMIT"))
        {
            throw new VisibilityQueryException("operation is not supported: 'LIMIT' clause", Current.Position);
        }
        if (Current.Kind != TokenKind.End)
        {
            throw new VisibilityQueryException($"unexpected {Current.Describe()}", Current.Position);
        }
        return new ParsedQuery(filter, groupBy, orderBy);
    }

    private QueryExpr ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsKeyword("OR"))
        {
            Advance();
            left = new OrExpr(left, ParseAnd());
        }
        return left;
    }

    private QueryExpr ParseAnd()
    {
        var left = ParseUnary();
        while (Current.IsKeyword("AND"))
        {
            Advance();
            left = new AndExpr(left, ParseUnary());
        }
        return left;
    }

    private QueryExpr ParseUnary()
    {
        if (Current.IsKeyword("NOT"))
        {
            Advance();
            return new NotExpr(ParseUnary());
        }
        if (Current.Kind == TokenKind.LeftParen)
        {
            var open = Current;
            Advance();
            var inner = ParseOr();
            if (Current.Kind != TokenKind.RightParen)
            {
                throw new VisibilityQueryException(
                    $"expected ')' to close the '(' at position {open.Position}, found {Current.Describe()}", Current.Position);
            }
            Advance();
            return inner;
        }
        var column = ParseColumn("a search attribute name");
        return ParsePredicate(column);
    }

    private QueryExpr ParsePredicate(ColumnRef column)
    {
        var token = Current;
        if (token.Kind == TokenKind.Operator && ComparisonOperators.Contains(token.Text))
        {
            Advance();
            return new CompareExpr(column, token.Text, ParseValue(token), token.Position);
        }
        if (token.IsKeyword("IS"))
        {
            Advance();
            var negated = TryKeyword("NOT");
            Expect("NULL", negated ? "'NULL' after 'IS NOT'" : "'NULL' or 'NOT NULL' after 'IS'");
            return new IsNullExpr(column, negated);
        }
        var not = TryKeyword("NOT");
        var op = Current;
        if (op.IsKeyword("IN"))
        {
            Advance();
            return new InExpr(column, ParseValueList(op), not);
        }
        if (op.IsKeyword("BETWEEN"))
        {
            Advance();
            var from = ParseValue(op);
            Expect("AND", "'AND' between the two values of 'BETWEEN'");
            return new BetweenExpr(column, from, ParseValue(Previous), not);
        }
        if (op.IsKeyword("STARTS_WITH"))
        {
            Advance();
            return new StartsWithExpr(column, ParseValue(op), not, op.Position);
        }
        if (op.IsKeyword("LIKE"))
        {
            throw new VisibilityQueryException("operation is not supported: 'LIKE' operator (use STARTS_WITH)", op.Position);
        }
        var after = not ? "'NOT'" : $"'{column.Name}'";
        throw new VisibilityQueryException(
            $"expected an operator (=, !=, <, <=, >, >=, IN, BETWEEN, STARTS_WITH, IS) after {after}, found {op.Describe()}", op.Position);
    }

    private List<Literal> ParseValueList(QueryToken op)
    {
        if (!TryAdvance(TokenKind.LeftParen))
        {
            throw new VisibilityQueryException($"expected '(' after '{op.Text}', found {Current.Describe()}", Current.Position);
        }
        var values = new List<Literal> { ParseValue(Previous) };
        while (TryAdvance(TokenKind.Comma))
        {
            values.Add(ParseValue(Previous));
        }
        if (!TryAdvance(TokenKind.RightParen))
        {
            throw new VisibilityQueryException($"expected ',' or ')' in the list after '{op.Text}', found {Current.Describe()}", Current.Position);
        }
        return values;
    }

    private Literal ParseValue(QueryToken after)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.String:
                Advance();
                return new Literal(LiteralKind.String, token.Text, token.Position);
            case TokenKind.Number:
                Advance();
                return new Literal(LiteralKind.Number, token.Text, token.Position);
            case TokenKind.Operator when token.Text is "-" or "+" && _tokens[_index + 1].Kind == TokenKind.Number:
                Advance();
                var number = Current;
                Advance();
                return new Literal(LiteralKind.Number, token.Text == "-" ? "-" + number.Text : number.Text, token.Position);
            case TokenKind.Keyword when token.IsKeyword("TRUE") || token.IsKeyword("FALSE"):
                Advance();
                return new Literal(LiteralKind.Bool, token.Text.ToUpperInvariant(), token.Position);
            case TokenKind.Identifier:
                throw new VisibilityQueryException(
                    $"expected a value after '{after.Text}', found the name '{token.Text}' (did you forget to quote it?)", token.Position);
            default:
                throw new VisibilityQueryException($"expected a value after '{after.Text}'", token.Position);
        }
    }

    private ColumnRef ParseColumn(string what)
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            throw new VisibilityQueryException($"expected {what}, found {token.Describe()}", token.Position);
        }
        Advance();
        return new ColumnRef(token.Text, token.Position);
    }

    private void Expect(string keyword, string what)
    {
        if (!TryKeyword(keyword))
        {
            throw new VisibilityQueryException($"expected {what}, found {Current.Describe()}", Current.Position);
        }
    }

    private bool TryKeyword(string keyword)
    {
        if (!Current.IsKeyword(keyword))
        {
            return false;
        }
        Advance();
        return true;
    }

    private bool TryAdvance(TokenKind kind)
    {
        if (Current.Kind != kind)
        {
            return false;
        }
        Advance();
        return true;
    }

    private void Advance()
    {
        if (_index < _tokens.Count - 1)
        {
            _index++;
        }
    }
}
