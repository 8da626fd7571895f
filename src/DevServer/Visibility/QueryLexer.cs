using System.Globalization;
using System.Text;

namespace Release.DevServer.Visibility;

/// <summary>
/// Splits a list filter into tokens: identifiers (bare or in backticks), quoted strings (single or
/// double quotes, backslash or doubled-quote escapes), numbers, comparison operators, parentheses,
/// commas and the keywords of Temporal's SQL-like filter language.
/// </summary>
internal static class QueryLexer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "STARTS_WITH", "ORDER", "GROUP", "BY",
        "ASC", "DESC", "TRUE", "FALSE", "LIMIT", "LIKE",
    };

    public static List<QueryToken> Tokenize(string query)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (c is '\'' or '"')
            {
                tokens.Add(new QueryToken(TokenKind.String, ReadQuoted(query, ref i, c), start + 1));
            }
            else if (c == '`')
            {
                tokens.Add(new QueryToken(TokenKind.Identifier, ReadQuoted(query, ref i, '`'), start + 1));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < query.Length && char.IsDigit(query[i + 1])))
            {
                tokens.Add(new QueryToken(TokenKind.Number, ReadNumber(query, ref i), start + 1));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] == '_'))
                {
                    i++;
                }
                var word = query[start..i];
                var kind = Keywords.Contains(word) ? TokenKind.Keyword : TokenKind.Identifier;
                tokens.Add(new QueryToken(kind, word, start + 1));
            }
            else
            {
                tokens.Add(ReadSymbol(query, ref i));
            }
        }
        tokens.Add(new QueryToken(TokenKind.End, "", query.Length + 1));
        return tokens;
    }

    private static string ReadQuoted(string query, ref int i, char quote)
    {
        var start = i;
        var text = new StringBuilder();
        i++;
        while (i < query.Length)
        {
            var c = query[i];
            if (c == '\\' && quote != '`' && i + 1 < query.Length)
            {
                text.Append(query[i + 1]);
                i += 2;
            }
            else if (c == quote && i + 1 < query.Length && query[i + 1] == quote)
            {
                text.Append(quote);
                i += 2;
            }
            else if (c == quote)
            {
                i++;
                return text.ToString();
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        throw new VisibilityQueryException($"unterminated {(quote == '`' ? "identifier" : "string")} starting with {quote}", start + 1);
    }

    private static string ReadNumber(string query, ref int i)
    {
        var start = i;
        while (i < query.Length && (char.IsLetterOrDigit(query[i]) || query[i] == '.'
            || (query[i] is '+' or '-' && query[i - 1] is 'e' or 'E')))
        {
            i++;
        }
        var text = query[start..i];
        var valid = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return valid ? text : throw new VisibilityQueryException($"'{text}' is not a number", start + 1);
    }

    private static QueryToken ReadSymbol(string query, ref int i)
    {
        var start = i;
        var c = query[i];
        var next = i + 1 < query.Length ? query[i + 1] : '\0';
        string? two = (c, next) switch
        {
            ('!', '=') => "!=",
            ('<', '>') => "!=",
            ('<', '=') => "<=",
            ('>', '=') => ">=",
            _ => null,
        };
        if (two is not null)
        {
            i += 2;
            return new QueryToken(TokenKind.Operator, two, start + 1);
        }
        i++;
        return c switch
        {
            '=' or '<' or '>' or '-' or '+' => new QueryToken(TokenKind.Operator, c.ToString(), start + 1),
            '(' => new QueryToken(TokenKind.LeftParen, "(", start + 1),
            ')' => new QueryToken(TokenKind.RightParen, ")", start + 1),
            ',' => new QueryToken(TokenKind.Comma, ",", start + 1),
            _ => throw new VisibilityQueryException($"unexpected character '{c}'", start + 1),
        };
    }
}
