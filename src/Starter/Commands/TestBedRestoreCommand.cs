using System.CommandLine;
using Release.Starter.Cli;
using Release.TestBed.Restore;

namespace Release.Starter.Commands;

/// <summary><c>release testbed restore RECORD [--force]</c>: every branch an apply pushed, back on its backed-up commit.</summary>
internal sealed class TestBedRestoreCommand : Command
{
    private readonly CliConsole console;
    private readonly Argument<string> record = new("record") { Description = "The JSON record written by release testbed apply." };
    private readonly Option<bool> force = new("--force") { Description = "Restore a branch even if someone pushed to it since the apply, discarding what they pushed." };

    public TestBedRestoreCommand(CliConsole console)
        : base("restore", "Put every branch the apply of RECORD pushed back on its backed-up commit (a force-push of its backup ref), and say what was done. A branch someone pushed to since the apply is left alone unless --force.")
    {
        this.console = console;
        Add(record);
        Add(force);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var path = parsed.GetRequiredValue(record);
        var restorer = new TestBedRestorer(
            TestBedCommand.Credentials(console),
            console.WriteRaw,
            line => console.Error.WriteLine($"{ReleaseCli.Name}: {line}"));
        var outcome = await Task.Run(() => TestBedCommand.Guard(() => restorer.Restore(path, parsed.GetValue(force), cancellationToken)), cancellationToken);
        if (!outcome.Complete)
        {
            throw new CliException(
                $"{outcome.Refused + outcome.Failed} branch{(outcome.Refused + outcome.Failed == 1 ? "" : "es")} not restored ({outcome.Refused} refused, {outcome.Failed} failed); {outcome.Restored} restored",
                ExitCodes.ReleaseFailed);
        }

        if (outcome.Restored + outcome.AlreadyRestored > 0)
        {
            console.WriteRaw($"restored {outcome.Restored} branch{(outcome.Restored == 1 ? "" : "es")}{(outcome.AlreadyRestored > 0 ? $", {outcome.AlreadyRestored} already at their backup" : "")}");
        }

        return ExitCodes.Success;
    }
}
