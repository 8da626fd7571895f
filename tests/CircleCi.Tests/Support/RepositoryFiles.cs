namespace Release.CircleCi.Tests;

/// <summary>Finds files of the repository (sample scenarios, the README) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string SimulatorFolder => Path.Combine(Root, "src", "CircleCiSimulator");

    /// <summary>A file of the team's shared folder, which sits beside the repository (../shared).</summary>
    public static string Shared(string relative) => Path.GetFullPath(Path.Combine(Root, "..", "shared", relative));

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Release.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Release.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
