namespace Release.DevServer.Visibility;

internal enum TokenKind
{
    Identifier,
    String,
    Number,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    Keyword,
    End,
}

/// <summary>One lexeme of a list filter; <see cref="Position"/> is its 1-based character index.</summary>
internal sealed record QueryToken(TokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) =>
        Kind == TokenKind.Keyword && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of query",
        TokenKind.String => $"the string '{Text}'",
        _ => $"'{Text}'",
    };
}
