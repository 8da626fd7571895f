using System.CommandLine;
using Release.Events.Triggers;
using Release.Starter.Cli;

namespace Release.Starter.Commands;

/// <summary><c>release triggers check|run</c>: releases started by events (src/Events/README.md, "Triggers").</summary>
internal sealed class TriggersCommand : Command
{
    public TriggersCommand(CommonOptions common, CliConsole console)
        : base("triggers", "Start releases on release events, as a triggers file says.")
    {
        Add(new TriggersCheckCommand(console));
        Add(new TriggersRunCommand(common, console));
    }

    /// <summary>The file, or its first mistake as the command's one line (exit 2).</summary>
    internal static TriggersFile Load(string path)
    {
        try
        {
            return TriggerFileParser.Load(path);
        }
        catch (TriggerFileException e)
        {
            throw CliException.Usage(e.Message);
        }
    }

    /// <summary>One line per trigger: what it listens to and what it starts.</summary>
    internal static string Describe(Trigger trigger)
    {
        var where = trigger.Where.Count == 0 ? "" : $" where {string.Join(", ", trigger.Where)}";
        if (trigger.Start is null)
        {
            return $"{trigger.Name}: on {trigger.Type}{where} record in {trigger.Record}";
        }

        var branch = trigger.Start.Branch is { } b ? $" on branch {b}" : "";
        var parameters = trigger.Start.Parameters.Count == 0 ? "" : $" with {string.Join(", ", trigger.Start.Parameters.Select(p => $"{p.Key}={p.Value}"))}";
        return $"{trigger.Name}: on {trigger.Type}{where} start {trigger.Start.Manifest}{branch}{parameters}{(trigger.Start.DryRun ? " (dry run)" : "")}";
    }
}

internal sealed class TriggersCheckCommand : Command
{
    private readonly CliConsole console;
    private readonly Argument<string> file = new("file") { Description = "The triggers file (triggers.yaml)." };

    public TriggersCheckCommand(CliConsole console)
        : base("check", "Validate a triggers file and list its triggers, one a line.")
    {
        this.console = console;
        Add(file);
        SetAction(Execute);
    }

    private int Execute(ParseResult parsed)
    {
        var loaded = TriggersCommand.Load(parsed.GetRequiredValue(file));
        foreach (var trigger in loaded.Triggers)
        {
            console.WriteRaw(TriggersCommand.Describe(trigger));
        }

        return ExitCodes.Success;
    }
}
