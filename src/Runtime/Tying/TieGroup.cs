using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>Fields whose parameters stay separate and are pulled together by a penalty.</summary>
public sealed class TieGroup
{
    /// <summary>Declares a tie group.</summary>
    /// <param name="key">The key of the <see cref="TiedAttribute"/>.</param>
    /// <param name="lambda">The strength of the penalty: finite and not negative.</param>
    /// <param name="norm">The distance summed over the pairs.</param>
    /// <param name="members">The members in declaration order.</param>
    public TieGroup(string key, double lambda, TieNorm norm, params TiedMember[] members)
    {
        Key = key ?? throw new ArgumentNullException(nameof(key));
        PenaltyWeight.Check(lambda, nameof(lambda), $"Tie group '{key}': Lambda must be finite and not negative.");
        if (!Enum.IsDefined(typeof(TieNorm), norm))
            throw new ArgumentOutOfRangeException(nameof(norm), norm, $"Tie group '{key}': Norm {(int)norm} is not a TieNorm member.");
        if (members is null || members.Length == 0)
            throw new ArgumentException($"Tie group '{key}' has no members.", nameof(members));
        Lambda = lambda;
        Norm = norm;
        Members = members;
    }

    /// <summary>The key of the group.</summary>
    public string Key { get; }

    /// <summary>The strength of the penalty.</summary>
    public double Lambda { get; }

    /// <summary>The distance summed over the pairs.</summary>
    public TieNorm Norm { get; }

    /// <summary>The members in declaration order.</summary>
    public IReadOnlyList<TiedMember> Members { get; }
}

/// <summary>One field of a tie group, as the generated code declares it from a <see cref="TiedAttribute"/>.</summary>
public sealed class TiedMember
{
    /// <summary>Declares a member of a tie group.</summary>
    /// <param name="field">The name of the model's field.</param>
    /// <param name="member">The dotted path inside the field's module, or <see langword="null"/> for the whole field.</param>
    public TiedMember(string field, string? member = null)
    {
        Field = field ?? throw new ArgumentNullException(nameof(field));
        Member = member;
    }

    /// <summary>The name of the model's field.</summary>
    public string Field { get; }

    /// <summary>The dotted path inside the field's module, or <see langword="null"/>.</summary>
    public string? Member { get; }

    /// <summary>The member as messages name it: <c>towerA.weight</c>.</summary>
    public override string ToString() => Member is null ? Field : $"{Field}.{Member}";
}
