using Release.Api.Releases;

namespace Release.Api.Hooks;

/// <summary>
/// The body of every answer of <c>POST /hooks/github</c> that is not a problem: GitHub shows it
/// under the delivery ("Recent Deliveries"), so it says in words what happened and why.
/// </summary>
/// <param name="Status">pong, started, duplicate or ignored.</param>
/// <param name="Release">The release started (for a duplicate, the one the first delivery started), with its links.</param>
/// <param name="Product">The release's product and version, as its manifest names them.</param>
/// <param name="StartedBy">Who the workflow records as having started it: github:&lt;login&gt;.</param>
public sealed record GitHubHookAnswer(
    string Status,
    string Reason,
    string? Delivery,
    ReleaseHandle? Release = null,
    string? Product = null,
    string? Version = null,
    string? Ref = null,
    string? Commit = null,
    string? StartedBy = null);
