using System.Net;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;
using Release.TestBed.Scope;

namespace Release.TestBed.Git;

/// <summary>
/// The token sent to HTTPS remotes, from <c>RELEASE_GIT_TOKEN</c> or the file named by
/// <c>RELEASE_GIT_TOKEN_FILE</c>. It is handed to libgit2 only when a server asks for it, and
/// never appears in a message: <see cref="Redact"/> scrubs whatever libgit2 says.
/// </summary>
public sealed class GitCredentials
{
    public const string TokenVariable = "RELEASE_GIT_TOKEN";
    public const string TokenFileVariable = "RELEASE_GIT_TOKEN_FILE";
    public const string UserVariable = "RELEASE_GIT_USER";

    // GitHub takes any user name with a token; this one also suits GitHub App installation tokens.
    public const string DefaultUser = "x-access-token";

    private readonly string? token;
    private readonly string user;

    private GitCredentials(string? token, string user)
    {
        this.token = token;
        this.user = user;
    }

    public static GitCredentials None { get; } = new(null, DefaultUser);

    public bool HasToken => token is not null;

    public static GitCredentials FromEnvironment(Func<string, string?> environment)
    {
        var user = Given(environment(UserVariable)) ?? DefaultUser;
        if (Given(environment(TokenVariable)) is { } direct)
        {
            return new GitCredentials(direct, user);
        }

        if (Given(environment(TokenFileVariable)) is not { } path)
        {
            return new GitCredentials(null, user);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : "cannot be read";
            throw new TestBedException($"{TokenFileVariable} names {path}: {reason}; point it at a file holding the token");
        }

        return Given(text) is { } fromFile
            ? new GitCredentials(fromFile, user)
            : throw new TestBedException($"{TokenFileVariable} names {path}, which is empty; write the token in it");
    }

    /// <summary>
    /// Why the token must not be sent to this remote, or null: over plain HTTP it would travel in
    /// clear, which only this machine's loopback is safe for.
    /// </summary>
    public string? RefusalFor(RemoteUrl url) =>
        HasToken && url.Uri.Scheme == "http" && !IsLoopback(url.Uri)
            ? $"{url} is plain HTTP and {TokenVariable} is set: the token would travel in clear; use its https:// URL"
            : null;

    /// <summary>What libgit2 calls when a server asks who we are.</summary>
    public CredentialsHandler Handler => (_, _, _) =>
        token is null ? new DefaultCredentials() : new UsernamePasswordCredentials { Username = user, Password = token };

    public string Redact(string text) => token is null ? text : text.Replace(token, "***", StringComparison.Ordinal);

    public override string ToString() => HasToken ? $"token for {user} (hidden)" : "no token";

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
