using System.Text;
using Release.Api.Releases;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;

namespace Release.Api.Dashboard;

/// <summary>The parts of a release page that change while it runs; the live script swaps them whole.</summary>
internal static class ReleaseSections
{
    public static Markup Live(HttpContext context, ReleasePageModel model, bool mayOperate)
    {
        var detail = model.Detail;
        return Html.Of($"""
            {Links(detail)}
            <div class="summary">
              <p class="state">{Formats.Status(detail.Status)} <span class="muted">started {Formats.Time(detail.StartedAt)}</span></p>
              <dl class="facts">
                <div><dt>Duration</dt><dd>{Formats.Duration(((detail.ClosedAt ?? model.Now) - detail.StartedAt).TotalSeconds)}{(detail.ClosedAt is null ? " so far" : "")}</dd></div>
                <div><dt>Expected end</dt><dd>{(detail.ExpectedEnd is { } eta && detail.ClosedAt is null ? Formats.Time(eta) : Html.Of($"–"))}</dd></div>
                {(detail.Paused is { } paused ? Html.Of($"""<div><dt>Paused</dt><dd>by {paused.By} since {Formats.Time(paused.Since)}: {paused.Reason}</dd></div>""") : Markup.Empty)}
                {(detail.Failure is { } failure ? Html.Of($"""<div class="wide"><dt>Why it ended</dt><dd>{failure}</dd></div>""") : Markup.Empty)}
              </dl>
            </div>
            {Waiting(context, detail, mayOperate)}
            {Grid(detail, model.Now)}
            {FailedOutput(model.Summary)}
            {Controls(context, detail, mayOperate)}
            {Actions(detail.Actions)}
            """);
    }

    // The report is there once the release has ended, so the links change with it.
    private static Markup Links(ReleaseDetail detail)
    {
        var escaped = Uri.EscapeDataString(detail.WorkflowId);
        var links = new List<Markup> { Html.Of($"""<a href="/releases/{escaped}">Refresh</a>""") };
        if (detail.Status != "running")
        {
            links.Add(Html.Of($"""<a href="/api/v1/releases/{escaped}/report?download=true" download>Download the report (JSON)</a>"""));
        }

        if (Html.SafeUrl(detail.Links.TemporalUi) is { } ui)
        {
            links.Add(Html.Of($"""<a href="{ui}" rel="noopener noreferrer">Temporal Web UI</a>"""));
        }

        return Html.Of($"""<ul class="links">{Markup.Join(links.Select(l => Html.Of($"<li>{l}</li>")))}</ul>""");
    }

    private static Markup Waiting(HttpContext context, ReleaseDetail detail, bool mayOperate)
    {
        if (detail.Waiting.Count == 0)
        {
            return Markup.Empty;
        }

        var id = Uri.EscapeDataString(detail.WorkflowId);
        var items = Markup.Join(detail.Waiting.Select((w, i) =>
        {
            var what = w.Kind == WaitingFor.Decision ? $"Component {w.Component} failed" : $"Stage {w.Stage} waits for an approval";
            var deadline = w.Deadline is { } d ? Html.Of($""" (decide before {Formats.Time(d)})""") : Markup.Empty;
            var output = w.FailedJobs is { Count: > 0 } jobs
                ? Html.Of($"""<div class="output">{Markup.Join(jobs.Select(j => FailedStep(w.Component ?? "", j)))}</div>""")
                : Markup.Empty;
            var why = w.Kind == WaitingFor.Decision ? Html.Of($"{output}{FailedPipelineLink(detail, w.Component)}") : Markup.Empty;
            Markup form;
            if (!mayOperate)
            {
                form = Html.Of($"""<p class="muted">A token with the operate scope is needed to answer.</p>""");
            }
            else if (w.Kind == WaitingFor.Decision)
            {
                form = Html.Of($"""
                    <form method="post" action="/releases/{id}/decide" class="answer">
                      {Layout.Antiforgery(context)}
                      <input type="hidden" name="component" value="{w.Component}">
                      <label for="reason-{i}">Reason (recorded)</label>
                      <input id="reason-{i}" name="reason" value="decided on the dashboard">
                      <div class="buttons">
                        <button type="submit" name="action" value="retry">Retry {w.Component}</button>
                        <button type="submit" name="action" value="skip" class="secondary">Skip {w.Component}</button>
                        <button type="submit" name="action" value="abort" class="danger">Abort the release</button>
                      </div>
                    </form>
                    """);
            }
            else
            {
                form = Html.Of($"""
                    <form method="post" action="/releases/{id}/approve" class="answer">
                      {Layout.Antiforgery(context)}
                      <input type="hidden" name="stage" value="{w.Stage}">
                      <label for="reason-{i}">Reason (recorded)</label>
                      <input id="reason-{i}" name="reason" value="approved on the dashboard">
                      <div class="buttons"><button type="submit">Approve stage {w.Stage}</button></div>
                    </form>
                    """);
            }

            return Html.Of($"""
                <li class="waiting-item">
                  <h3>{what}</h3>
                  <p>{w.Reason} <span class="muted">since {Formats.Time(w.Since)}{deadline}</span></p>
                  {why}
                  {form}
                </li>
                """);
        }));
        return Html.Of($"""
            <section class="waiting" aria-labelledby="waiting-title">
              <h2 id="waiting-title">Waiting for you</h2>
              <ul class="plain">{items}</ul>
            </section>
            """);
    }

    // Beside the output (or before the worker has read it, or when CircleCI would not give it): the whole pipeline.
    private static Markup FailedPipelineLink(ReleaseDetail detail, string? component)
    {
        var failed = detail.Stages.SelectMany(s => s.Components).LastOrDefault(c => c.Name == component);
        return failed is not null && Html.SafeUrl(failed.Link) is { } url
            ? Html.Of($"""<p><a href="{url}" rel="noopener noreferrer" target="_blank">Pipeline #{failed.PipelineNumber} of {component} on CircleCI<span class="visually-hidden"> (opens a new tab)</span></a></p>""")
            : Markup.Empty;
    }

    private static Markup Grid(ReleaseDetail detail, DateTimeOffset now)
    {
        var stages = Markup.Join(detail.Stages.Select(stage =>
        {
            var cells = Markup.Join(stage.Components.Select(c =>
            {
                // A pipeline still running shows its time so far, as of this render.
                var elapsed = c.ElapsedSeconds ?? (IsActive(c.Status) && c.TriggeredAt is { } at ? (now - at).TotalSeconds : null);
                var link = Html.SafeUrl(c.Link) is { } url
                    ? Html.Of($"""<a href="{url}" rel="noopener noreferrer" target="_blank">CircleCI #{c.PipelineNumber}<span class="visually-hidden"> of {c.Name} (opens a new tab)</span></a>""")
                    : Html.Of($"""<span class="muted">no pipeline</span>""");
                return Html.Of($"""
                    <li class="cell {Formats.Tone(c.Status)}" data-component="{c.Name}" data-status="{c.Status}">
                      <span class="name">{c.Name}</span>
                      {Formats.Status(c.Status)}
                      <span class="elapsed">{Formats.Duration(elapsed)}</span>
                      {link}
                    </li>
                    """);
            }));
            return Html.Of($"""
                <section class="stage" aria-labelledby="stage-{stage.Index}">
                  <h3 id="stage-{stage.Index}">Stage {stage.Index} {Formats.Status(stage.Status)}</h3>
                  <ul class="grid">{cells}</ul>
                </section>
                """);
        }));
        return Html.Of($"""
            <section class="stages" aria-labelledby="grid-title">
              <h2 id="grid-title">Stages and components</h2>
              {stages}
            </section>
            """);
    }

    // A component awaiting a decision has a pipeline that ended (failed): its time no longer grows.
    private static bool IsActive(string status) => status is "starting" or "running";

    /// <summary>The failing step of each failed job, as the stage reports keep it (secrets already masked by the worker).</summary>
    private static Markup FailedOutput(ReleaseSummary? summary)
    {
        var failed = (summary?.Stages ?? []).SelectMany(s => s.Components)
            .SelectMany(c => (c.Pipeline?.Workflows ?? []).SelectMany(w => w.Jobs).Where(j => j.FailedStep is not null).Select(j => (Component: c, Job: j)))
            .ToList();
        if (failed.Count == 0)
        {
            return Markup.Empty;
        }

        var items = Markup.Join(failed.Select(f => FailedStep(f.Component.Name, ReleaseViews.FailedJob(f.Job))));
        return Html.Of($"""
            <section class="output" aria-labelledby="output-title">
              <h2 id="output-title">Why it failed</h2>
              {items}
            </section>
            """);
    }

    /// <summary>One failed job's failing step and output tail, open; the step's output is build output, shown as text.</summary>
    private static Markup FailedStep(string component, FailedJobDetail job)
    {
        var title = job.Step.Length == 0
            ? $"{component}: job {job.Job}, the failing step is unknown"
            : $"{component}: job {job.Job} failed at step \"{job.Step}\"{(job.ExitCode is { } code ? $", exit code {code}" : "")}";
        var body = job.OutputUnavailable is { } why
            ? Html.Of($"""<p>No output: {why}</p>""")
            : Html.Of($"""<pre tabindex="0" aria-label="last {job.OutputTail.Count} lines of the output"><code>{Clean(string.Join('\n', job.OutputTail))}</code></pre>""");
        var more = job.OutputCut && Html.SafeUrl(job.WebUrl) is { } page
            ? Html.Of($"""<p>The output was longer than the worker reads: <a href="{page}">the job's page has the rest</a>.</p>""")
            : Markup.Empty;
        return Html.Of($"""<details open><summary>{title}</summary>{body}{more}</details>""");
    }

    private static Markup Controls(HttpContext context, ReleaseDetail detail, bool mayOperate)
    {
        if (!mayOperate || detail.Status != "running")
        {
            return Markup.Empty;
        }

        var id = Uri.EscapeDataString(detail.WorkflowId);
        var pause = detail.Paused is null
            ? Html.Of($"""<button type="submit" formaction="/releases/{id}/pause" class="secondary">Pause</button>""")
            : Html.Of($"""<button type="submit" formaction="/releases/{id}/unpause" class="secondary">Unpause</button>""");
        return Html.Of($"""
            <section class="controls" aria-labelledby="controls-title">
              <h2 id="controls-title">Steer</h2>
              <form method="post" action="/releases/{id}/pause" class="answer">
                {Layout.Antiforgery(context)}
                <label for="control-reason">Reason (recorded)</label>
                <input id="control-reason" name="reason" value="from the dashboard">
                <div class="buttons">{pause}<button type="submit" formaction="/releases/{id}/abort" class="danger">Abort the release</button></div>
              </form>
            </section>
            """);
    }

    private static Markup Actions(IReadOnlyList<ActionDetail> actions)
    {
        if (actions.Count == 0)
        {
            return Markup.Empty;
        }

        var items = Markup.Join(actions.Select(a => Html.Of($"""
            <li>{Formats.Time(a.At)} <strong>{a.Kind.Replace('_', ' ')}</strong>{(a.Component is { } c ? $" {c}" : a.Stage is { } s ? $" stage {s}" : "")} by {a.By}: {a.Reason}</li>
            """)));
        return Html.Of($"""
            <section class="history" aria-labelledby="history-title">
              <h2 id="history-title">Operator actions</h2>
              <ul>{items}</ul>
            </section>
            """);
    }

    // Build output is not trusted with the page: control characters are shown as such, not kept.
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(c is '\n' ? "\n" : c == '\t' ? "    " : char.IsControl(c) ? "\uFFFD" : c.ToString());
        }

        return clean.ToString();
    }
}
