using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Release.Api.Hooks;

/// <summary>
/// The release repository checkout, through Debian's <c>git</c>: the operator's own credentials
/// (SSH keys, credential helpers, <c>insteadOf</c> rules) work as they do in a shell, which
/// LibGit2Sharp would not honour. Never prompts: a fetch that would ask for a password fails.
/// </summary>
public sealed partial class GitCheckout(string path)
{
    private static readonly TimeSpan LocalTimeout = TimeSpan.FromSeconds(20);

    public string Path => path;

    /// <summary>Why <paramref name="folder"/> cannot serve as the checkout, or null when it can.</summary>
    public static string? Problem(string folder)
    {
        try
        {
            var result = new GitCheckout(folder).RunAsync(["rev-parse", "--git-dir"], LocalTimeout, CancellationToken.None).GetAwaiter().GetResult();
            return result.ExitCode == 0 ? null : $"is {folder}, which git cannot open ({result.Error}); give a clone of the release repository";
        }
        catch (GitException e)
        {
            return $"is {folder}, but {e.Message}";
        }
    }

    /// <summary>Whether the commit (or tag object) is in the checkout already.</summary>
    public async Task<bool> HasAsync(string sha, CancellationToken cancellationToken) =>
        (await RunAsync(["cat-file", "-e", sha], LocalTimeout, cancellationToken)).ExitCode == 0;

    /// <summary>Fetches <paramref name="gitRef"/> from the remote, then the commit itself if the ref moved on past a force-push.</summary>
    /// <exception cref="GitException">The commit could not be fetched; the message says what git said.</exception>
    public async Task FetchAsync(string remote, string gitRef, string sha, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var byRef = await RunAsync(["fetch", "--quiet", "--no-tags", remote, gitRef], timeout, cancellationToken);
        if (await HasAsync(sha, cancellationToken))
        {
            return;
        }

        var bySha = await RunAsync(["fetch", "--quiet", "--no-tags", remote, sha], timeout, cancellationToken);
        if (await HasAsync(sha, cancellationToken))
        {
            return;
        }

        var said = bySha.Error.Length > 0 ? bySha.Error : byRef.Error;
        throw new GitException($"cannot fetch {ShortSha(sha)} from remote {remote} of {path}: {(said.Length > 0 ? said : "the remote does not have it")}");
    }

    /// <summary>The file at that commit, or null when the commit has no such file.</summary>
    public async Task<byte[]?> ShowAsync(string sha, string file, CancellationToken cancellationToken)
    {
        var blob = await RunAsync(["rev-parse", "--verify", "--quiet", $"{sha}:{file}"], LocalTimeout, cancellationToken);
        if (blob.ExitCode != 0)
        {
            return null;
        }

        var content = await RunAsync(["cat-file", "blob", Encoding.UTF8.GetString(blob.Output).Trim()], LocalTimeout, cancellationToken);
        return content.ExitCode == 0
            ? content.Output
            : throw new GitException($"cannot read {file} at {ShortSha(sha)} in {path}: {content.Error}");
    }

    public static string ShortSha(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private async Task<GitResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A server's process has no one to type a password: fail instead of hanging.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        if (!start.Environment.ContainsKey("GIT_SSH_COMMAND"))
        {
            start.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            throw new GitException("git is not installed (or not on PATH); install it, e.g. apt-get install git");
        }

        process.StandardInput.Close();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        using var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output, budget.Token);
        var error = process.StandardError.ReadToEndAsync(budget.Token);
        try
        {
            await Task.WhenAll(reading, error, process.WaitForExitAsync(budget.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new GitException($"git {arguments[0]} in {path} took over {timeout.TotalSeconds:0} s; check the remote and the network");
        }

        return new GitResult(process.ExitCode, output.ToArray(), OneLine(await error));
    }

    // git's own words, on one line, without a password a remote URL may carry.
    private static string OneLine(string text) =>
        UrlCredentials().Replace(string.Join("; ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), "://***@");

    [GeneratedRegex("://[^/@\\s]+@")]
    private static partial Regex UrlCredentials();

    private sealed record GitResult(int ExitCode, byte[] Output, string Error);
}

/// <summary>git could not do what a delivery needs: the delivery is answered 503, and GitHub's "Redeliver" tries again.</summary>
public sealed class GitException(string message) : Exception(message);
