using LibGit2Sharp;
using Release.TestBed.Scope;

namespace Release.TestBed.Git;

/// <summary>
/// A bare scratch repository bound to one remote: only the refs the test bed works on are fetched
/// into it, commits are written straight into its object database (no checkout), and it is
/// deleted on dispose. Every libgit2 failure surfaces as a <see cref="GitException"/> whose
/// message is one line, secrets scrubbed.
/// </summary>
internal sealed class RemoteRepository : IDisposable
{
    private const string RemoteName = "origin";

    private readonly GitCredentials credentials;
    private readonly string folder;

    private RemoteRepository(RemoteUrl url, GitCredentials credentials, string folder, Repository repository)
    {
        Url = url;
        this.credentials = credentials;
        this.folder = folder;
        Repository = repository;
    }

    public RemoteUrl Url { get; }

    public Repository Repository { get; }

    public static RemoteRepository Open(RemoteUrl url, GitCredentials credentials)
    {
        var folder = Directory.CreateTempSubdirectory("release-testbed-").FullName;
        var repository = new Repository(Repository.Init(folder, isBare: true));
        repository.Network.Remotes.Add(RemoteName, url.Uri.AbsoluteUri);
        return new RemoteRepository(url, credentials, folder, repository);
    }

    /// <summary>The remote's branches and their commits, as it advertises them now.</summary>
    public IReadOnlyDictionary<string, string> Branches()
    {
        var references = Run(() => Repository.Network.ListReferences(Remote, credentials.Handler).ToList());
        return references
            .Where(r => r.CanonicalName.StartsWith("refs/heads/", StringComparison.Ordinal) && r.TargetIdentifier is not null)
            .ToDictionary(r => r.CanonicalName["refs/heads/".Length..], r => r.TargetIdentifier, StringComparer.Ordinal);
    }

    /// <summary>Fetches refs the way <c>git fetch origin +src:dst</c> does, tags left out.</summary>
    public void Fetch(IEnumerable<string> refspecs)
    {
        var options = new FetchOptions { CredentialsProvider = credentials.Handler, TagFetchMode = TagFetchMode.None };
        Run(() => Commands.Fetch(Repository, RemoteName, refspecs, options, null));
    }

    /// <summary>Pushes; returns each refused ref with the server's reason (empty: all accepted).</summary>
    public IReadOnlyDictionary<string, string> Push(IEnumerable<string> refspecs)
    {
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new PushOptions
        {
            CredentialsProvider = credentials.Handler,
            OnPushStatusError = e => refused[e.Reference] = credentials.Redact(e.Message),
        };
        Run(() => Repository.Network.Push(Remote, refspecs, options));
        return refused;
    }

    public void Dispose()
    {
        Repository.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder in the temporary directory: left for the system to clean.
        }
    }

    private Remote Remote => Repository.Network.Remotes[RemoteName];

    private T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException(GitFailure.Describe(e, credentials), e);
        }
    }

    private void Run(Action action) => Run(() =>
    {
        action();
        return true;
    });
}

/// <summary>A git operation failed; the message is one line fit for the user and the record.</summary>
public sealed class GitException : Exception
{
    public GitException()
    {
    }

    public GitException(string message)
        : base(message)
    {
    }

    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
