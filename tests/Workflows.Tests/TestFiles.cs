namespace Release.Workflows.Tests;

/// <summary>
/// Reads files from the repository itself, so the tests check the very samples that ship in
/// <c>release-data/</c> rather than copies that could drift.
/// </summary>
internal static class TestFiles
{
    public static string Read(params string[] relativePath) =>
        File.ReadAllText(Path.Combine([RepositoryRoot(), .. relativePath]));

    public static string Invalid(string fileName) => Read("tests", "Workflows.Tests", "Manifests", fileName);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Release.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Release.sln above {AppContext.BaseDirectory}");
    }
}
