// A ViT port with DeiT-style distillation: the student's fused qkv projection is written per head
// (3 * heads * (dim / heads)) and tied to the teacher's MultiheadAttention, which packs [3 * dim, dim].
using System;
using System.Collections.Generic;
using Declarative;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Corpus.VisionTransformer;

public sealed class Attention : Module<Tensor, Tensor>
{
    private readonly long heads;
    private readonly Linear qkv;
    private readonly Linear proj;

    public Attention(long dim, long heads) : base(nameof(Attention))
    {
        this.heads = heads;
        long headDim = dim / heads;
        qkv = Linear(dim, 3 * heads * headDim);
        proj = Linear(heads * headDim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => proj.call(qkv.call(x).chunk(3, -1)[0]);
}

public sealed class TeacherBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly MultiheadAttention attn;

    public TeacherBlock(long dim, long heads) : base(nameof(TeacherBlock))
    {
        norm = LayerNorm(dim);
        attn = MultiheadAttention(dim, heads);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x + attn.call(norm.call(x), norm.call(x), norm.call(x), null, false, null).Item1;
}

public partial class DistilledViT : Module<Tensor, Tensor>
{
    private readonly Conv2d patchEmbed;
    [Tied("pos", Lambda = 0.1)] private readonly Parameter posEmbed;
    [Tied("pos", Lambda = 0.1)] private readonly Parameter teacherPosEmbed; //! expect pos-patches DECL002
    private readonly Parameter clsToken;
    [Tied("attention", Lambda = 1e-3, Member = "attn.in_proj_weight")] private readonly TeacherBlock teacher;
    [Tied("attention", Lambda = 1e-3, Member = "qkv.weight")] private readonly Attention student; //! expect student-dim DECL002

    public DistilledViT(long imageSize, long patchSize, long dim, long heads) : base(nameof(DistilledViT))
    {
        long numPatches = (imageSize / patchSize) * (imageSize / patchSize);
        patchEmbed = Conv2d(3, dim, kernel_size: patchSize, stride: patchSize);
        clsToken = Parameter(torch.zeros(1, 1, dim));
        posEmbed = Parameter(torch.zeros(1, numPatches + 1, dim));
        teacherPosEmbed = Parameter(torch.zeros(1, numPatches + 1, dim)); //! plant pos-patches: numPatches + 1, dim => numPatches + 2, dim
        teacher = new TeacherBlock(dim, heads);
        student = new Attention(dim, heads); //! plant student-dim: new Attention(dim, heads) => new Attention(2 * dim, heads)
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var patches = patchEmbed.call(x).flatten(2).transpose(1, 2);
        return student.call(patches + posEmbed);
    }
}
