using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>
/// The body of a <c>workflow-completed</c> webhook, in the shape of CircleCI's documented sample
/// (reference/circleci/webhook-example-workflow-completed-*.json). Its project slug spells the VCS
/// out (<c>github/...</c>) where the API abbreviates it (<c>gh/...</c>).
/// </summary>
internal static class WorkflowCompletedPayload
{
    public static byte[] Build(PipelineRun run, WorkflowView workflow, string webhookId, DateTimeOffset now)
    {
        var slug = ProjectSlug.Parse(run.ProjectSlug);
        var longSlug = slug with { Vcs = slug.ProviderName == "GitHub" ? "github" : slug.ProviderName == "Bitbucket" ? "bitbucket" : slug.Vcs };
        var body = new
        {
            id = Guid.NewGuid().ToString(),
            type = "workflow-completed",
            happened_at = Timestamp(now),
            webhook = new { id = webhookId, name = "release orchestrator" },
            project = new { id = StableId(run.ProjectSlug), name = slug.Repo, slug = longSlug.Value },
            organization = new { id = StableId(slug.Org), name = slug.Org },
            workflow = new
            {
                id = workflow.Plan.Id,
                name = workflow.Plan.Name,
                created_at = Timestamp(workflow.CreatedAt),
                stopped_at = workflow.StoppedAt is { } stopped ? Timestamp(stopped) : null,
                url = $"https://app.circleci.com/pipelines/{longSlug.Value}/{run.Number}/workflows/{workflow.Plan.Id}",
                status = workflow.Status,
            },
            pipeline = new
            {
                id = run.Id,
                number = run.Number,
                created_at = Timestamp(run.TriggeredAt),
                trigger = new { type = "api" },
                vcs = new
                {
                    provider_name = slug.ProviderName,
                    origin_repository_url = slug.RepositoryUrl,
                    target_repository_url = slug.RepositoryUrl,
                    revision = run.Revision,
                    branch = run.Branch,
                },
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string StableId(string name) => new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))[..16]).ToString();
}
