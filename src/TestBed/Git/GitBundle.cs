using System.Text;
using LibGit2Sharp;

namespace Release.TestBed.Git;

/// <summary>
/// Writes a git bundle (v2: a header naming the refs, then a pack of everything they reach), the
/// file <c>git bundle create</c> makes and <c>git clone FILE</c> or <c>git fetch FILE</c> read.
/// libgit2 cannot write bundles, but it packs; the header is a few lines of text.
/// </summary>
internal static class GitBundle
{
    public static void Write(Repository repository, IReadOnlyDictionary<string, ObjectId> refs, string path)
    {
        var packFolder = Directory.CreateTempSubdirectory("release-testbed-pack-").FullName;
        try
        {
            var commits = repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = refs.Values.Distinct().ToList() }).ToList();
            repository.ObjectDatabase.Pack(new PackBuilderOptions(packFolder), builder =>
            {
                foreach (var commit in commits)
                {
                    builder.AddRecursively(commit);
                }
            });
            var pack = Directory.GetFiles(packFolder, "*.pack").Single();

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var output = File.Create(path);
            var header = new StringBuilder("# v2 git bundle\n");
            foreach (var (name, id) in refs)
            {
                header.Append(id.Sha).Append(' ').Append(name).Append('\n');
            }

            header.Append('\n');
            output.Write(Encoding.UTF8.GetBytes(header.ToString()));
            using var packStream = File.OpenRead(pack);
            packStream.CopyTo(output);
        }
        finally
        {
            Directory.Delete(packFolder, recursive: true);
        }
    }
}
