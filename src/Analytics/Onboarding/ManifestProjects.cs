using Release.Workflows.Manifest;

namespace Release.Analytics.Onboarding;

/// <summary>The projects of a release (<c>release collect --manifest release.json</c>).</summary>
public static class ManifestProjects
{
    /// <summary>
    /// Every component the plan releases, named after the component. Two components built by one
    /// CircleCI project give one entry, the first.
    /// </summary>
    public static OnboardedProjects From(ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var projects = plan.Stages
            .SelectMany(stage => stage.Components)
            .Select(component => new OnboardedProject(component.Name, ProjectSlugs.Canonical(component.ProjectSlug)))
            .DistinctBy(project => project.Slug, StringComparer.Ordinal)
            .ToList();
        return new OnboardedProjects(plan.ReleaseName, projects);
    }
}
