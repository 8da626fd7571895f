using LibGit2Sharp;

namespace Release.TestBed.Git;

/// <summary>Turns what libgit2 throws into one line saying what happened and what to do.</summary>
internal static class GitFailure
{
    public static string Describe(Exception e, GitCredentials credentials)
    {
        var message = credentials.Redact(e.Message.ReplaceLineEndings(" ").Trim());
        if (e is NonFastForwardException || message.Contains("non-fastforwardable", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not present locally", StringComparison.OrdinalIgnoreCase))
        {
            return "rejected: the branch moved on the remote since it was backed up (not a fast-forward); run apply again";
        }

        // Without a token libgit2 has no credentials of the kind asked for: "could not find appropriate mechanism for credentials".
        if (message.Contains("authentication", StringComparison.OrdinalIgnoreCase) || message.Contains("credentials", StringComparison.OrdinalIgnoreCase)
            || message.Contains("401", StringComparison.Ordinal)
            || message.Contains("403", StringComparison.Ordinal))
        {
            return credentials.HasToken
                ? "authentication failed: the server refused the token; check that it may read and push to this repository"
                : $"authentication required: set {GitCredentials.TokenVariable} (or {GitCredentials.TokenFileVariable}) to a token that may push";
        }

        if (e is RepositoryNotFoundException || message.Contains("404", StringComparison.Ordinal)
            || message.Contains("could not find repository", StringComparison.OrdinalIgnoreCase)
            || message.Contains("not a git repository", StringComparison.OrdinalIgnoreCase))
        {
            return $"no repository there ({message}); check the URL in the list";
        }

        if (message.Contains("failed to connect", StringComparison.OrdinalIgnoreCase)
            || message.Contains("failed to resolve", StringComparison.OrdinalIgnoreCase)
            || message.Contains("failed to send request", StringComparison.OrdinalIgnoreCase))
        {
            return $"unreachable ({message}); check the URL and the network";
        }

        return message;
    }
}
