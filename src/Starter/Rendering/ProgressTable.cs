using Release.Starter.Releases;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>One row per component, grouped by stage: status, elapsed time, pipeline number and link.</summary>
public static class ProgressTable
{
    public static Table Build(string title, ReleaseView view)
    {
        var table = new Table()
            .Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(title)}: {StatusStyle.Markup(view.Status)}")
            .AddColumn("Stage")
            .AddColumn("Component")
            .AddColumn("Status")
            .AddColumn(new TableColumn("Elapsed").RightAligned())
            .AddColumn(new TableColumn("Pipeline").RightAligned())
            .AddColumn("Link");
        foreach (var stage in view.Stages)
        {
            var first = true;
            foreach (var component in stage.Components)
            {
                table.AddRow(
                    first ? $"{stage.Index} {StatusStyle.Markup(stage.Status)}" : "",
                    Markup.Escape(component.Name),
                    StatusStyle.Markup(component.Status),
                    StatusStyle.Duration(component.Elapsed),
                    component.PipelineNumber is { } number ? $"#{number}" : "",
                    component.Link is { } link ? $"[link={Markup.Escape(link)}]{Markup.Escape(link)}[/]" : "");
                first = false;
            }
        }

        return table;
    }
}
