namespace Release.TestBed.Scope;

/// <summary>A repository the test bed may clone and push to: https, http or file, without credentials.</summary>
public sealed record RemoteUrl(Uri Uri)
{
    /// <summary>The repository's name, the last segment of its path without <c>.git</c>: what <c>{{repo}}</c> stands for.</summary>
    public string Name
    {
        get
        {
            var last = Uri.AbsolutePath.TrimEnd('/').Split('/')[^1];
            return Uri.UnescapeDataString(last.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? last[..^4] : last);
        }
    }

    public bool IsHttp => Uri.Scheme is "http" or "https";

    public override string ToString() => Uri.OriginalString;

    /// <summary>The URL, or why it cannot be used (one sentence ending with what to write instead).</summary>
    public static (RemoteUrl? Url, string? Problem) Parse(string text)
    {
        if (IsSsh(text))
        {
            return (null, $"{text} is an SSH remote, refused: the test bed authenticates with a token over HTTPS and never reads SSH keys; write it as https://host/org/repo");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http" or "file"))
        {
            return (null, $"'{text}' is not a repository URL; write one https://host/org/repo (or file:///path) per line");
        }

        if (uri.UserInfo.Length > 0)
        {
            // A token in the list would end up in the record, the table and every error message.
            return (null, $"{Redacted(uri)} holds credentials in its URL; remove them and set RELEASE_GIT_TOKEN or RELEASE_GIT_TOKEN_FILE");
        }

        if (uri.AbsolutePath.Trim('/').Length == 0)
        {
            return (null, $"{text} names a host but no repository; write https://host/org/repo");
        }

        return (new RemoteUrl(uri), null);
    }

    private static bool IsSsh(string text) =>
        text.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("git+ssh://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("ssh+git://", StringComparison.OrdinalIgnoreCase)

        // scp-like syntax: user@host:path, with no scheme.
        || (!text.Contains("://", StringComparison.Ordinal) && text.Contains('@', StringComparison.Ordinal) && text.Contains(':', StringComparison.Ordinal));

    private static string Redacted(Uri uri) => $"{uri.Scheme}://***@{uri.Authority.Split('@')[^1]}{uri.PathAndQuery}";
}
