namespace Release.Events.Triggers;

/// <summary>The <c>start:</c> part of a trigger: a manifest, and templates for its branch and parameters.</summary>
/// <param name="Manifest">Absolute, resolved against the triggers file's folder at load.</param>
public sealed record TriggerStart(string Manifest, TriggerTemplate? Branch, IReadOnlyDictionary<string, TriggerTemplate> Parameters, bool DryRun)
{
    internal TriggerMatch Request(string trigger, EventFields fields)
    {
        var problems = new List<string>();
        string? Fill(TriggerTemplate template)
        {
            var (text, problem) = template.Fill(fields);
            if (problem is not null)
            {
                problems.Add(problem);
            }

            return text;
        }

        var branch = Branch is null ? null : Fill(Branch);
        var parameters = Parameters.ToDictionary(p => p.Key, p => Fill(p.Value) ?? "", StringComparer.Ordinal);
        if (problems.Count > 0)
        {
            return new TriggerMatch(trigger, null, string.Join("; ", problems.Distinct(StringComparer.Ordinal)));
        }

        var id = fields.Event.Id ?? "";
        return new TriggerMatch(
            trigger,
            new TriggerStartRequest(trigger, TriggerWorkflowIds.For(trigger, id), Manifest, branch, parameters, DryRun, id, fields.Event.Type ?? ""),
            null);
    }
}
