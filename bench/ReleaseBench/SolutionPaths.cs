namespace Release.ReleaseBench;

/// <summary>Finds the repository and the solution's build outputs from wherever the bench runs.</summary>
internal static class SolutionPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The same configuration and framework as this bench (both are built by its project references).</summary>
    /// <param name="project">The project folder under the root, e.g. <c>src/Worker</c>.</param>
    public static string BuiltAssembly(string project, string assembly)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Root, project, "bin", bin.Parent!.Name, bin.Name, assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {project} first (dotnet build -c {bin.Parent.Name})", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Release.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Release.sln not found above {AppContext.BaseDirectory}");
    }
}
