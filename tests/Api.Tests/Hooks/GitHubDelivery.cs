using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Api.Tests.Hooks;

/// <summary>One commit of a push as GitHub lists it: its sha and the paths it changed.</summary>
internal sealed record PushedCommit(string Sha, string[]? Added = null, string[]? Modified = null, string[]? Removed = null);

/// <summary>
/// A webhook delivery as GitHub makes one: a payload of GitHub's shape (<see cref="GitHubSamples"/>
/// with the test's fields), the X-GitHub-* headers, and the body signed with the secret.
/// </summary>
internal static class GitHubDelivery
{
    public const string Repository = "acme/acme-release";

    /// <summary>A push of <paramref name="commits"/> to <paramref name="gitRef"/>, ending at <paramref name="after"/>.</summary>
    public static string Push(
        string gitRef, string before, string after, PushedCommit[] commits, string sender = "octocat", string repository = Repository, string? baseRef = null, bool deleted = false)
    {
        var push = JsonNode.Parse(GitHubSamples.Push)!.AsObject();
        var template = push["commits"]![0]!.ToJsonString();
        var (owner, name) = (repository.Split('/')[0], repository.Split('/')[1]);
        push["ref"] = gitRef;
        push["before"] = before;
        push["after"] = after;
        push["created"] = before == new string('0', 40);
        push["deleted"] = deleted;
        push["base_ref"] = baseRef;
        push["compare"] = $"https://github.com/{repository}/compare/{before[..12]}...{after[..12]}";
        var list = new JsonArray();
        foreach (var commit in commits)
        {
            var entry = JsonNode.Parse(template)!.AsObject();
            entry["id"] = commit.Sha;
            entry["url"] = $"https://github.com/{repository}/commit/{commit.Sha}";
            entry["message"] = $"change {string.Join(", ", (commit.Added ?? []).Concat(commit.Modified ?? []))}";
            entry["added"] = Paths(commit.Added);
            entry["modified"] = Paths(commit.Modified);
            entry["removed"] = Paths(commit.Removed);
            list.Add(entry);
        }

        push["head_commit"] = commits.Length > 0 ? list[^1]!.DeepClone() : null;
        push["commits"] = list;
        var repo = push["repository"]!.AsObject();
        repo["name"] = name;
        repo["full_name"] = repository;
        repo["owner"]!["login"] = owner;
        repo["owner"]!["name"] = owner;
        push["sender"]!["login"] = sender;
        push["pusher"]!["name"] = sender;
        return push.ToJsonString();
    }

    public static string Ping() => GitHubSamples.Ping;

    public static string Sign(string body, string secret) =>
        $"sha256={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)))}";

    /// <param name="signature">The X-Hub-Signature-256 header; null sends none.</param>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string gitHubEvent, string body, string? signature, string? delivery = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/hooks/github", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        request.Headers.Add("X-GitHub-Delivery", delivery ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-GitHub-Hook-ID", "109948940");
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        return await client.SendAsync(request);
    }

    private static JsonArray Paths(string[]? paths) => new([.. (paths ?? []).Select(p => (JsonNode)JsonValue.Create(p))]);
}
