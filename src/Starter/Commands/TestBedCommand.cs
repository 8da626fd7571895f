using System.CommandLine;
using Release.Starter.Cli;
using Release.TestBed;
using Release.TestBed.Git;

namespace Release.Starter.Commands;

/// <summary><c>release testbed apply|restore</c>: seed 000's test bed, a CI config on every release branch of a release.</summary>
internal sealed class TestBedCommand : Command
{
    public TestBedCommand(CommonOptions common, CliConsole console)
        : base("testbed", $"Put a CircleCI config on every repository and release branch of a release, to try the orchestrator on a real product, with a backup to go back to: apply backs up, then commits and pushes; restore puts the branches back. Git runs in-process (libgit2); HTTPS remotes authenticate with the token in {GitCredentials.TokenVariable} or the file named by {GitCredentials.TokenFileVariable} (user {GitCredentials.UserVariable}, default {GitCredentials.DefaultUser}), never logged; SSH remotes are refused. Commits are by GIT_AUTHOR_NAME <GIT_AUTHOR_EMAIL> (default {Release.TestBed.Apply.CommitAuthor.Default.Name}). Exit codes: 0 done, 1 something was not done (a list cancelled, a push rejected, a branch not restored: see the record), 2 bad input.")
    {
        Add(new TestBedApplyCommand(common, console));
        Add(new TestBedRestoreCommand(console));
    }

    /// <summary>Runs one step of the test bed, its input errors turned into the command's one line (exit 2).</summary>
    internal static T Guard<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (TestBedException e)
        {
            throw CliException.Usage(e.Message);
        }
    }

    internal static GitCredentials Credentials(CliConsole console) => Guard(() => GitCredentials.FromEnvironment(console.Environment));
}
