namespace Release.Analytics.Html;

/// <summary>
/// The page's only style sheet, inline. Colours keep a contrast of at least 4.5:1 on white (text
/// #1a1a1a, muted #4d4d4d, bars #1f5fbf, failures #b3261e); a failure is also hollow, not only red.
/// </summary>
internal static class StatsPageStyle
{
    public const string Css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; }
        header, main { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
        header { padding-top: 16px; border-bottom: 1px solid #d0d0d0; }
        h1 { font-size: 1.5rem; margin: 0 0 4px; }
        h2 { font-size: 1.15rem; margin: 28px 0 8px; }
        header p, .note { color: #4d4d4d; margin: 0 0 12px; }
        figure { margin: 0; padding: 8px; border: 1px solid #d0d0d0; border-radius: 6px; background: #fff; min-width: 0; }
        figcaption { font-size: .9rem; color: #4d4d4d; padding: 4px 4px 0; overflow-wrap: anywhere; }
        figcaption b { color: #1a1a1a; }
        .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 460px), 1fr)); gap: 12px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 12px; }
        svg.plot { display: block; width: 100%; height: auto; }
        svg text { font: 12px system-ui, sans-serif; fill: #1a1a1a; }
        svg.bars text { font-size: 14px; }
        svg text.axis { fill: #4d4d4d; font-size: 13px; }
        svg .grid { stroke: #e0e0e0; stroke-width: 1; }
        svg .bar { fill: #1f5fbf; }
        svg.cost .bar { fill: #6b3fa0; }
        svg .p50 { fill: none; stroke: #1a1a1a; stroke-width: 2; }
        svg .run.passed { fill: #1f5fbf; fill-opacity: .75; }
        svg .run.failed { fill: #fff; stroke: #b3261e; stroke-width: 2; }
        .scroll { overflow-x: auto; border: 1px solid #d0d0d0; border-radius: 6px; }
        .scroll:focus { outline: 2px solid #1f5fbf; }
        table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { padding: 6px 10px; text-align: left; border-bottom: 1px solid #e6e6e6; white-space: nowrap; }
        th { background: #f3f3f3; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        """;
}
