namespace Release.CircleCiSimulator;

/// <summary>The command line's exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Could not serve (e.g. the port is taken).</summary>
    public const int Failure = 1;

    /// <summary>Bad flags or an unusable scenario file.</summary>
    public const int Usage = 2;
}
