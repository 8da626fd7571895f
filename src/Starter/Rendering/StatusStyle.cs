using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>Colours for the workflow's status words; unknown words stay plain.</summary>
public static class StatusStyle
{
    public static string Markup(string status)
    {
        var colour = status switch
        {
            "succeeded" or "success" or "dry_run" or "reused" => "green",
            "failed" or "failing" or "error" or "errored" or "timed_out" or "terminated" => "red",
            "aborted" or "canceled" or "stopped" or "skipped" or "paused" => "yellow",
            "running" or "starting" => "blue",

            // The release waits for someone: the word to spot in a long table.
            "awaiting_decision" or "awaiting_approval" => "magenta",
            _ => "grey",
        };
        return $"[{colour}]{Spectre.Console.Markup.Escape(status)}[/]";
    }

    public static string Duration(TimeSpan? elapsed) => elapsed switch
    {
        null => "",
        // A release waiting days for a decision reads 2d03h, not 51h00m.
        { TotalDays: >= 1 } e => $"{(int)e.TotalDays}d{e.Hours:00}h",
        { TotalHours: >= 1 } e => $"{(int)e.TotalHours}h{e.Minutes:00}m",
        { TotalMinutes: >= 1 } e => $"{(int)e.TotalMinutes}m{e.Seconds:00}s",
        { } e => $"{e.TotalSeconds:0.0}s",
    };
}
