namespace Release.Workflows.Release;

/// <summary>CircleCI web app links, built from facts the API gives (slug, number, ids).</summary>
public static class CircleCiLinks
{
    private const string App = "https://app.circleci.com/pipelines/";

    public static string Pipeline(string projectSlug, long number) => $"{App}{projectSlug}/{number}";

    public static string Workflow(string projectSlug, long number, string workflowId) =>
        $"{Pipeline(projectSlug, number)}/workflows/{workflowId}";
}
