namespace Release.DevServer.Visibility;

/// <summary>Comparison of typed search attribute values, and Text tokenization.</summary>
internal static class ValueOrder
{
    /// <summary>Orders two non-null values of one search attribute type (numbers of either width compare by value).</summary>
    public static int Compare(object a, object b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (long x, long y) => x.CompareTo(y),
        (long or double, long or double) => Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture)
            .CompareTo(Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture)),
        (bool x, bool y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (IReadOnlyList<string> x, IReadOnlyList<string> y) => string.CompareOrdinal(x.Min(StringComparer.Ordinal), y.Min(StringComparer.Ordinal)),
        _ => throw new InvalidOperationException($"cannot compare {a.GetType().Name} with {b.GetType().Name}"),
    };

    /// <summary>Sort order with missing values last whatever the direction, as Elasticsearch sorts them.</summary>
    public static int CompareForSort(object? a, object? b, bool descending)
    {
        if (a is null || (a is IReadOnlyList<string> { Count: 0 }))
        {
            return b is null ? 0 : 1;
        }
        if (b is null || (b is IReadOnlyList<string> { Count: 0 }))
        {
            return -1;
        }
        var order = Compare(a, b);
        return descending ? -order : order;
    }

    /// <summary>Lower-cased words, the way a full-text index splits Text values.</summary>
    public static HashSet<string> Tokens(string text)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return tokens;
    }
}
