using System.Net;
using System.Text.Json;
using Release.Api.Hooks;

namespace Api.Tests.Hooks;

/// <summary>
/// <c>POST /hooks/github</c> over real HTTP, with a real git release repository (pushed to a bare
/// repository standing for GitHub, fetched by the API's checkout) and the suite's embedded
/// Temporal, worker and CircleCI simulator running what a hook starts.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GitHubHookTests(ApiFixture api) : IAsyncLifetime
{
    private const string Branch = "4.2.x";
    private static readonly string NoCommit = new('0', 40);

    private readonly ReleaseRepository repository = new();
    private GitHubHookHost host = null!;

    public async Task InitializeAsync() => host = await GitHubHookHost.StartAsync(api, repository);

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        repository.Dispose();
    }

    [Fact]
    public async Task Push_changing_release_json_on_a_release_branch_starts_that_release_which_runs_to_success()
    {
        var product = HookRelease.NewProduct();
        var (before, after) = PushManifest(product);
        var body = GitHubDelivery.Push($"refs/heads/{Branch}", before, after, [new PushedCommit(after, Added: ["release.json"])], sender: "release-captain");

        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "push", body);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var started = await HookRelease.BodyAsync(answer);
        var workflowId = HookRelease.WorkflowId(product);
        Assert.Equal("started", started.GetProperty("status").GetString());
        Assert.Equal(workflowId, started.GetProperty("release").GetProperty("workflowId").GetString());
        Assert.Equal($"/api/v1/releases/{workflowId}", started.GetProperty("release").GetProperty("links").GetProperty("self").GetString());
        Assert.Equal(answer.Headers.Location?.ToString(), started.GetProperty("release").GetProperty("links").GetProperty("self").GetString());
        Assert.Equal(product, started.GetProperty("product").GetString());
        Assert.Equal(after, started.GetProperty("commit").GetString());
        Assert.Equal("github:release-captain", started.GetProperty("startedBy").GetString());
        Assert.Contains($"release.json changed on release branch {Branch}", started.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Who started it is in the workflow, for the Web UI and anyone reading its history.
        var description = await api.Stack.Client.GetWorkflowHandle(workflowId).DescribeAsync();
        Assert.Equal("github:release-captain", await description.Memo[GitHubReleaseStarter.StartedByMemo].ToValueAsync<string>());

        var finished = await HookRelease.FinishedAsync(api, workflowId);
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_release_tag_push_starts_the_release_of_the_manifest_at_that_tag()
    {
        var product = HookRelease.NewProduct();
        PushManifest(product, version: "4.2.1");
        var tagObject = repository.Tag("v4.2.1");
        repository.Push("refs/tags/v4.2.1");
        var body = GitHubDelivery.Push("refs/tags/v4.2.1", NoCommit, tagObject, [], baseRef: $"refs/heads/{Branch}");

        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "push", body);

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var started = await HookRelease.BodyAsync(answer);
        Assert.Equal("started", started.GetProperty("status").GetString());
        Assert.Equal("4.2.1", started.GetProperty("version").GetString());
        Assert.Equal(HookRelease.WorkflowId(product, "4.2.1"), started.GetProperty("release").GetProperty("workflowId").GetString());
        Assert.Contains("release tag v4.2.1", started.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await HookRelease.FinishedAsync(api, HookRelease.WorkflowId(product, "4.2.1"));
    }

    [Fact]
    public async Task A_duplicate_delivery_starts_nothing_new_and_answers_the_release_the_first_one_started()
    {
        var product = HookRelease.NewProduct();
        var (before, after) = PushManifest(product);
        var body = GitHubDelivery.Push($"refs/heads/{Branch}", before, after, [new PushedCommit(after, Modified: ["release.json"])]);
        var delivery = Guid.NewGuid().ToString();
        using var client = host.Client();

        using var first = await SendSignedAsync(client, "push", body, delivery);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstRelease = (await HookRelease.BodyAsync(first)).GetProperty("release");

        // Once the first run has ended Temporal would take a second start: only the delivery id stops it.
        var workflowId = firstRelease.GetProperty("workflowId").GetString()!;
        await HookRelease.FinishedAsync(api, workflowId);
        using var again = await SendSignedAsync(client, "push", body, delivery);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var duplicate = await HookRelease.BodyAsync(again);
        Assert.Equal("duplicate", duplicate.GetProperty("status").GetString());
        Assert.Equal(workflowId, duplicate.GetProperty("release").GetProperty("workflowId").GetString());
        Assert.Equal(firstRelease.GetProperty("runId").GetString(), duplicate.GetProperty("release").GetProperty("runId").GetString());
        Assert.Equal(1, await HookRelease.RunsAsync(api, workflowId));
    }

    [Fact]
    public async Task A_push_to_a_release_branch_that_leaves_release_json_alone_starts_nothing()
    {
        var product = HookRelease.NewProduct();
        var (_, manifestCommit) = PushManifest(product);
        var readme = repository.Commit("README.md", "Release notes live elsewhere.\n", "docs");
        repository.Push(Branch);
        var body = GitHubDelivery.Push($"refs/heads/{Branch}", manifestCommit, readme, [new PushedCommit(readme, Modified: ["README.md"])]);

        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "push", body);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var ignored = await HookRelease.BodyAsync(answer);
        Assert.Equal("ignored", ignored.GetProperty("status").GetString());
        Assert.Equal($"no commit of this push to {Branch} adds or modifies release.json", ignored.GetProperty("reason").GetString());
        Assert.False(await HookRelease.AnyStartedAsync(api, product));
    }

    [Fact]
    public async Task A_push_to_a_branch_that_is_not_a_release_branch_starts_nothing_and_says_which_branches_are()
    {
        var product = HookRelease.NewProduct();
        var before = repository.Head();
        var after = repository.Commit("release.json", HookRelease.Manifest(product), "release.json on main");
        repository.Push("main");
        var body = GitHubDelivery.Push("refs/heads/main", before, after, [new PushedCommit(after, Added: ["release.json"])]);

        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "push", body);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var ignored = await HookRelease.BodyAsync(answer);
        Assert.Equal("ignored", ignored.GetProperty("status").GetString());
        Assert.Equal("branch main is not a release branch (RELEASE_API_GITHUB_BRANCHES: release/*, *.x)", ignored.GetProperty("reason").GetString());
        Assert.False(await HookRelease.AnyStartedAsync(api, product));
    }

    [Fact]
    public async Task A_pushed_manifest_that_cannot_be_released_is_refused_with_400_naming_the_commit()
    {
        var before = repository.Head();
        repository.NewBranch(Branch);
        var after = repository.Commit("release.json", """{ "name": "broken" """, "a manifest cut short");
        repository.Push(Branch);
        var body = GitHubDelivery.Push($"refs/heads/{Branch}", before, after, [new PushedCommit(after, Added: ["release.json"])]);

        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "push", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var detail = (await ProblemAsync(answer)).GetProperty("detail").GetString()!;
        Assert.StartsWith($"invalid manifest release.json at branch {Branch} ({after[..12]}):", detail, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', detail);
    }

    [Fact]
    public async Task A_push_of_a_commit_the_checkout_cannot_fetch_answers_503_so_that_github_can_redeliver()
    {
        var product = HookRelease.NewProduct();
        var (before, _) = PushManifest(product);
        var unknown = "0123456789abcdef0123456789abcdef01234567";
        var body = GitHubDelivery.Push($"refs/heads/{Branch}", before, unknown, [new PushedCommit(unknown, Modified: ["release.json"])]);

        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "push", body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        var detail = (await ProblemAsync(answer)).GetProperty("detail").GetString()!;
        Assert.StartsWith($"cannot fetch 0123456789ab from remote origin of {repository.Checkout}: ", detail, StringComparison.Ordinal);
        Assert.EndsWith("; fix the checkout, then redeliver", detail, StringComparison.Ordinal);
        Assert.False(await HookRelease.AnyStartedAsync(api, product));
    }

    [Fact]
    public async Task A_bad_signature_is_refused_with_401_starts_nothing_and_the_log_names_the_delivery_but_not_the_secret()
    {
        var product = HookRelease.NewProduct();
        var (before, after) = PushManifest(product);
        var body = GitHubDelivery.Push($"refs/heads/{Branch}", before, after, [new PushedCommit(after, Added: ["release.json"])]);
        var delivery = Guid.NewGuid().ToString();

        using var client = host.Client();
        using var answer = await GitHubDelivery.SendAsync(client, "push", body, GitHubDelivery.Sign(body, "not the secret"), delivery);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        var problem = await ProblemAsync(answer);
        Assert.Contains("X-Hub-Signature-256 does not match the body", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await HookRelease.AnyStartedAsync(api, product));

        // The console logger writes on its own thread: wait for the line, then read it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!ConsoleCapture.Text.Contains(delivery, StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }

        var line = ConsoleCapture.Text.Split('\n').Single(l => l.Contains(delivery, StringComparison.Ordinal));
        Assert.Contains("does not match the body", line, StringComparison.Ordinal);
        Assert.DoesNotContain(GitHubHookHost.Secret, ConsoleCapture.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_signature_is_refused_with_401_and_starts_nothing()
    {
        var product = HookRelease.NewProduct();
        var (before, after) = PushManifest(product);
        var body = GitHubDelivery.Push($"refs/heads/{Branch}", before, after, [new PushedCommit(after, Added: ["release.json"])]);

        using var client = host.Client();
        using var answer = await GitHubDelivery.SendAsync(client, "push", body, signature: null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        var problem = await ProblemAsync(answer);
        Assert.Equal("X-Hub-Signature-256 is missing; set the webhook's secret on GitHub to the one this API has (RELEASE_API_GITHUB_SECRET)", problem.GetProperty("detail").GetString());
        Assert.False(await HookRelease.AnyStartedAsync(api, product));
    }

    [Fact]
    public async Task A_ping_as_github_sends_it_answers_pong_and_warns_of_a_hook_on_another_repository()
    {
        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "ping", GitHubDelivery.Ping());

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var pong = await HookRelease.BodyAsync(answer);
        Assert.Equal("pong", pong.GetProperty("status").GetString());
        Assert.Equal(
            "hook 109948940 reached the release API; but this hook is on Octocoders/Hello-World, not the release repository acme/acme-release: its pushes will start nothing",
            pong.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_real_github_payload_of_another_repository_is_read_whole_and_starts_nothing()
    {
        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "push", GitHubSamples.Push);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var ignored = await HookRelease.BodyAsync(answer);
        Assert.Equal("repository Codertocat/Hello-World is not the release repository acme/acme-release (RELEASE_API_GITHUB_REPOSITORY)", ignored.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_event_other_than_push_is_accepted_and_says_it_starts_nothing()
    {
        using var client = host.Client();
        using var answer = await SendSignedAsync(client, "issues", """{ "action": "opened" }""");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("ignored", (await HookRelease.BodyAsync(answer)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_a_secret_the_hooks_are_off_and_say_how_to_turn_them_on()
    {
        using var client = api.Client();
        using var answer = await GitHubDelivery.SendAsync(client, "ping", GitHubDelivery.Ping(), GitHubDelivery.Sign(GitHubDelivery.Ping(), GitHubHookHost.Secret));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        var problem = await ProblemAsync(answer);
        Assert.StartsWith("GitHub hooks are off: set RELEASE_API_GITHUB_SECRET", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Commits release.json on the release branch (made from main on first use) and pushes it; returns the push's before and after.</summary>
    private (string Before, string After) PushManifest(string product, string version = "4.2.0-SNAPSHOT")
    {
        var before = repository.Head();
        repository.NewBranch(Branch);
        var after = repository.Commit("release.json", HookRelease.Manifest(product, version), $"release {product} {version}");
        repository.Push(Branch);
        return (before, after);
    }

    private static Task<HttpResponseMessage> SendSignedAsync(HttpClient client, string gitHubEvent, string body, string? delivery = null) =>
        GitHubDelivery.SendAsync(client, gitHubEvent, body, GitHubDelivery.Sign(body, GitHubHookHost.Secret), delivery);

    // Every answer of the hook, and of these tests, is read here or in BodyAsync: none may carry the secret.
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain(GitHubHookHost.Secret, text, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
