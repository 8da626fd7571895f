namespace Release.CircleCiSimulator;

/// <summary>The command line's exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An unexpected fault while serving.</summary>
    public const int Failure = 1;

    /// <summary>A user mistake: bad flags, an unusable scenario file, an address that cannot be listened on.</summary>
    public const int Usage = 2;
}
