namespace Release.Workflows.Release;

/// <summary>Cuts text that comes from manifests or CircleCI to a bounded length, for reports and summaries.</summary>
public static class TextCut
{
    /// <summary>Cuts to <paramref name="max"/> characters, the last being an ellipsis; never halves a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep] + "…";
    }
}
