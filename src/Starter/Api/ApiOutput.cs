using System.Globalization;
using System.Text.Json;
using Release.Starter.Cli;
using Spectre.Console;

namespace Release.Starter.Api;

/// <summary>How the API's documents are shown: as they came with --json, else as a few plain lines.</summary>
internal sealed class ApiOutput(CliConsole console, bool json)
{
    private string? lastProgress;

    public void Raw(JsonElement document) => console.WriteRaw(document.GetRawText());

    /// <summary>A start's, a resume's or an operator request's answer.</summary>
    public void Handle(JsonElement handle, string verb)
    {
        if (json)
        {
            Raw(handle);
            return;
        }

        var id = handle.GetProperty("workflowId").GetString();
        console.Out.MarkupLineInterpolated($"{verb} {id} (run {handle.GetProperty("runId").GetString()}): {handle.GetProperty("status").GetString()}");
        if (Text(handle, "message") is { } message)
        {
            console.Out.MarkupLineInterpolated($"{message}");
        }

        if (handle.TryGetProperty("links", out var links) && Text(links, "temporalUi") is { } ui)
        {
            console.Out.MarkupLineInterpolated($"Web UI: {ui}");
        }
    }

    /// <summary>A release's document; the exit code says how it ended, as <c>release status</c>'s does.</summary>
    public int Detail(JsonElement detail)
    {
        var status = detail.GetProperty("status").GetString();
        if (json)
        {
            Raw(detail);
        }
        else
        {
            console.Out.MarkupLineInterpolated(
                $"{Text(detail, "product")} {Text(detail, "version")} ({Text(detail, "workflowId")}): {status}{(Text(detail, "failure") is { } failure ? $": {failure}" : "")}");
            foreach (var stage in detail.GetProperty("stages").EnumerateArray())
            {
                console.Out.MarkupLineInterpolated($"  stage {stage.GetProperty("index").GetInt32()}: {stage.GetProperty("status").GetString()}");
                foreach (var component in stage.GetProperty("components").EnumerateArray())
                {
                    var elapsed = component.GetProperty("elapsedSeconds") is { ValueKind: JsonValueKind.Number } seconds
                        ? string.Create(CultureInfo.InvariantCulture, $" {seconds.GetDouble():0}s")
                        : "";
                    console.Out.MarkupLineInterpolated($"    {Text(component, "name")}: {Text(component, "status")}{elapsed}{(Text(component, "link") is { } link ? $"  {link}" : "")}");
                }
            }

            foreach (var waiting in detail.GetProperty("waiting").EnumerateArray())
            {
                console.Out.MarkupLineInterpolated($"  waiting for {Text(waiting, "kind")}: {Text(waiting, "reason")}");
            }
        }

        return status switch
        {
            "succeeded" or "running" => ExitCodes.Success,
            _ => ExitCodes.ReleaseFailed,
        };
    }

    /// <summary>A progress event: one line when what it says changed (a release's stage counts).</summary>
    public void Progress(JsonElement detail)
    {
        if (json)
        {
            Raw(detail);
            return;
        }

        var components = detail.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("components").EnumerateArray()).ToList();
        var counts = string.Join(", ", components.GroupBy(c => Text(c, "status")).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
        var line = $"{Text(detail, "workflowId")}: {detail.GetProperty("status").GetString()}, {counts}";
        if (line != lastProgress)
        {
            console.Out.MarkupLineInterpolated($"{line}");
            lastProgress = line;
        }
    }

    public void List(JsonElement list)
    {
        if (json)
        {
            Raw(list);
            return;
        }

        var table = new Table().AddColumns("workflow id", "product", "version", "status", "started", "duration");
        foreach (var release in list.GetProperty("releases").EnumerateArray())
        {
            var duration = release.GetProperty("durationSeconds") is { ValueKind: JsonValueKind.Number } seconds
                ? string.Create(CultureInfo.InvariantCulture, $"{seconds.GetDouble():0.#} s")
                : "";
            table.AddRow(
                Markup.Escape(Text(release, "workflowId") ?? ""), Markup.Escape(Text(release, "product") ?? ""), Markup.Escape(Text(release, "version") ?? ""),
                Markup.Escape(Text(release, "status") ?? ""), Markup.Escape(Text(release, "startedAt") ?? ""), duration);
        }

        console.Out.Write(table);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
