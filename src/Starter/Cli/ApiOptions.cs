using System.CommandLine;

namespace Release.Starter.Cli;

/// <summary>Where the REST API is and how to authenticate: with these, the commands go through it instead of Temporal.</summary>
public sealed record ApiTarget(Uri BaseUrl, string Token);

/// <summary>
/// <c>--api URL --token-file F</c> (or RELEASE_API_URL and RELEASE_API_TOKEN_FILE): the release
/// commands run through the REST API (src/Api), for users who have a token but no Temporal connection.
/// </summary>
public sealed class ApiOptions
{
    public const string UrlVariable = "RELEASE_API_URL";
    public const string TokenFileVariable = "RELEASE_API_TOKEN_FILE";

    public Option<string?> Url { get; } = new("--api")
    {
        Description = $"Run the command through the release REST API at this URL instead of a Temporal connection (env {UrlVariable}).",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = $"With --api: a file holding the API token (env {TokenFileVariable}).",
        HelpName = "file",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Url, TokenFile];

    /// <summary>The API to use, or null for a direct Temporal connection; a wrong URL or token file is a usage error naming it.</summary>
    // By name: the options are recursive, so the parsed command holds them whichever command it is.
    public static ApiTarget? Target(ParseResult parsed, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        var url = Given(parsed.GetValue<string?>("--api")) ?? Given(console.Environment(UrlVariable));
        var tokenFile = Given(parsed.GetValue<string?>("--token-file")) ?? Given(console.Environment(TokenFileVariable));
        if (url is null)
        {
            return tokenFile is not null && Given(parsed.GetValue<string?>("--token-file")) is not null
                ? throw CliException.Usage($"--token-file is for the REST API: give --api URL too (or set {UrlVariable})")
                : null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"--api '{url}' is not an http(s) URL; give the API's address, e.g. http://localhost:8090");
        }

        // A base URL behind a path prefix needs its trailing slash for relative routes to stay under it.
        baseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
        if (tokenFile is null)
        {
            throw CliException.Usage($"--api needs a token: give --token-file FILE (or set {TokenFileVariable}) with a token made by POST /api/v1/tokens");
        }

        string token;
        try
        {
            token = File.ReadAllText(tokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"--token-file {tokenFile} cannot be read ({e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal)}); give the file holding the API token");
        }

        return token.Length == 0
            ? throw CliException.Usage($"--token-file {tokenFile} is empty; put the API token in it")
            : new ApiTarget(baseUrl, token);
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
