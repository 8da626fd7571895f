namespace Release.Api.Auth;

/// <summary>
/// What a token may do. Scopes nest: <c>operate</c> can read, <c>admin</c> can do everything, so a
/// token is given the one scope its holder needs.
/// </summary>
public static class ApiScopes
{
    /// <summary>Lists, progress, reports, the live stream.</summary>
    public const string Read = "read";

    /// <summary>Start, abort, resume, decide, approve, pause and unpause releases.</summary>
    public const string Operate = "operate";

    /// <summary>Create, list and revoke tokens.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Read, Operate, Admin];

    /// <summary>Whether holding <paramref name="held"/> grants <paramref name="needed"/>.</summary>
    public static bool Grants(string held, string needed) => Rank(held) >= Rank(needed) && Rank(needed) > 0;

    public static bool IsKnown(string scope) => Rank(scope) > 0;

    private static int Rank(string scope) => scope switch
    {
        Read => 1,
        Operate => 2,
        Admin => 3,
        _ => 0,
    };
}
