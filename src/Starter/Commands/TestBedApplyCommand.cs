using System.CommandLine;
using Release.Starter.Cli;
using Release.Starter.Rendering;
using Release.TestBed.Apply;
using Release.TestBed.Git;
using Release.TestBed.Records;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release testbed apply --scope FILE... --config DIR</c>: each list in order, all of its
/// backups first, then a commit per matching branch; a table per list and a JSON record.
/// </summary>
internal sealed class TestBedApplyCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Option<string[]> scope = new("--scope")
    {
        Description = "Repos-scope lists (one repository URL a line, as release scope writes), processed in the order given.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
        HelpName = "file",
    };

    private readonly Option<string> config = new("--config")
    {
        Description = "The folder whose files are installed on each branch (.circleci/config.yml and any others); {{repo}} and {{branch}} in them are replaced.",
        Required = true,
        HelpName = "dir",
    };

    private readonly Option<string> branches = new("--branches")
    {
        Description = $"The branches to set up, a pattern where * is any run of characters (default '{BranchPattern.Default}').",
        DefaultValueFactory = _ => BranchPattern.Default,
        HelpName = "pattern",
    };

    private readonly Option<bool> dryRun = new("--dry-run") { Description = "Read every repository and say what would change: no backup, commit or push." };
    private readonly Option<string?> record = new("--record") { Description = "Where to write the JSON record restore reads (default testbed-<stamp>.json here).", HelpName = "file" };
    private readonly Option<string?> backupDir = new("--backup-dir") { Description = "Where the git bundles of the backups go (default testbed-<stamp>-bundles here).", HelpName = "dir" };

    public TestBedApplyCommand(CommonOptions common, CliConsole console)
        : base("apply", "For each list in order, back up every repository (each matching branch to refs/testbed-backup/<stamp>/<branch> on the remote, and a local git bundle); only if all backups of the list succeeded, commit the config folder's files on each matching branch and push. A branch that already has them gets no commit. A backup failure cancels its list, and the next list runs.")
    {
        this.common = common;
        this.console = console;
        Add(scope);
        Add(config);
        Add(branches);
        Add(dryRun);
        Add(record);
        Add(backupDir);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'.'fff'Z'");
        var recordPath = parsed.GetValue(record) ?? $"testbed-{stamp}.json";
        var options = new ApplyOptions(
            parsed.GetRequiredValue(scope),
            parsed.GetRequiredValue(config),
            parsed.GetRequiredValue(branches),
            parsed.GetValue(dryRun),
            recordPath,
            parsed.GetValue(backupDir) ?? $"testbed-{stamp}-bundles",
            stamp,
            CommitAuthor.FromEnvironment(console.Environment));
        var json = parsed.GetValue(common.Json);
        var reporter = new TestBedReporter(
            line => Say(json, line),
            line => console.Error.WriteLine($"{ReleaseCli.Name}: {line}"),
            list =>
            {
                if (!json)
                {
                    TestBedTables.Write(console.Out, list);
                }
            });
        var applier = new TestBedApplier(TestBedCommand.Credentials(console), reporter, TimeProvider.System);

        var done = await Task.Run(() => TestBedCommand.Guard(() => applier.Apply(options, cancellationToken)), cancellationToken);
        if (json)
        {
            console.WriteRaw(File.ReadAllText(recordPath).TrimEnd());
        }
        else
        {
            console.WriteRaw($"record: {Path.GetFullPath(recordPath)}{(done.DryRun ? " (dry run: nothing was changed)" : $" (undo with: {ReleaseCli.Name} testbed restore {recordPath})")}");
        }

        var unfinished = done.Lists.Where(l => l.Status is ListStatus.Cancelled or ListStatus.Incomplete).ToList();
        return unfinished.Count == 0
            ? ExitCodes.Success
            : throw new CliException(
                $"{unfinished.Count} of {done.Lists.Count} lists not fully set up ({string.Join("; ", unfinished.Select(l => $"{l.File}: {l.Status.ToString().ToLowerInvariant()}"))}); what was done is in {recordPath}",
                ExitCodes.ReleaseFailed);
    }

    private void Say(bool json, string line)
    {
        // With --json, standard output holds the record alone.
        if (!json)
        {
            console.WriteRaw(line);
        }
    }
}
