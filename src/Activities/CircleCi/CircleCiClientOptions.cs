using System.Text;

namespace Release.Activities.CircleCi;

/// <summary>Where and how <see cref="CircleCiClient"/> talks to CircleCI.</summary>
public sealed record CircleCiClientOptions
{
    public static readonly Uri DefaultBaseUrl = new("https://circleci.com/api/v2/");

    /// <summary>The API v2 root, e.g. https://circleci.com/api/v2/ (a missing trailing slash is added).</summary>
    public Uri BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Sent as the Circle-Token header; never printed.</summary>
    public string Token { get; init; } = "";

    /// <summary>Bound on one HTTP call, body included; a call that exceeds it is reported as retryable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    // Records print every property by default; options end up in logs and exception data, and the
    // token must never reach either.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("BaseUrl = ").Append(BaseUrl)
            .Append(", Token = ").Append(Token.Length == 0 ? "(none)" : "***")
            .Append(", Timeout = ").Append(Timeout);
        return true;
    }
}
