namespace Orleans.Handoff.Deployment.Tests.Support;

/// <summary>A Dockerfile as a list of stages and instructions (continuation lines joined, comments dropped).</summary>
public sealed record Dockerfile(IReadOnlyList<Dockerfile.Stage> Stages)
{
    public sealed record Instruction(string Keyword, string Arguments);

    public sealed record Stage(string Image, string? Name, IReadOnlyList<Instruction> Instructions)
    {
        public IEnumerable<string> Arguments(string keyword) =>
            Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
    }

    public Stage Final => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var instructions = new List<Instruction>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            line = pending + line;
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }

        var stages = new List<Stage>();
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new Stage(parts[0], parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, []));
            }
            else
            {
                var stage = stages[^1];
                stages[^1] = stage with { Instructions = [.. stage.Instructions, instruction] };
            }
        }

        return new Dockerfile(stages);
    }
}
