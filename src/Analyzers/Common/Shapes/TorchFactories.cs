using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace Declarative.Common.Shapes;

/// <summary>
/// The tensors that TorchSharp 0.107's module factories register, by name and shape, from the factories' arguments
/// (parameter names as TorchSharp declares them). Shapes were checked against the library's own modules.
/// </summary>
internal static class TorchFactories
{
    /// <summary>Factories of modules without parameters or buffers.</summary>
    private static readonly HashSet<string> Stateless = new()
    {
        "ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish", "Sigmoid", "Tanh", "Softplus",
        "Softsign", "Softmax", "LogSoftmax", "Softmin", "Hardtanh", "Hardswish", "Hardsigmoid", "Tanhshrink",
        "Softshrink", "Hardshrink", "Threshold", "LogSigmoid", "GLU", "Identity", "Flatten", "Unflatten",
        "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout",
        "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
        "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d", "AdaptiveMaxPool1d", "AdaptiveMaxPool2d",
        "AdaptiveMaxPool3d", "LPPool1d", "LPPool2d", "Upsample", "PixelShuffle", "PixelUnshuffle",
        "ZeroPad2d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d",
        "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "CosineSimilarity",
        "PairwiseDistance", "ChannelShuffle",
    };

    /// <summary>The most layers of a recurrent module that are listed one by one; more are treated as unknown.</summary>
    private const long MaxListedLayers = 64;

    /// <summary>The module a <c>torch.nn</c> factory makes, or null when the factory is not one this knows.</summary>
    public static InferredModule? Module(string name, ArgumentValues args)
    {
        if (Stateless.Contains(name))
            return new InferredModule(name, name, ValueArray<NamedMember>.Empty, isComplete: true);

        switch (name)
        {
            case "Linear":
                if (args.Has("weight"))
                    return FromParameters(name, args["weight"], args["bias"]);
                return Build(name, args.Dtype("dtype"),
                    ("weight", Shape(args.Size("outputSize"), args.Size("inputSize")), true, false),
                    ("bias", Shape(args.Size("outputSize")), args.Flag("hasBias"), false));

            case "Bilinear":
                return Build(name, args.Dtype("dtype"),
                    ("weight", Shape(args.Size("out_features"), args.Size("in1_features"), args.Size("in2_features")), true, false),
                    ("bias", Shape(args.Size("out_features")), args.Flag("hasBias"), false));

            case "Embedding":
            case "EmbeddingBag":
                return Build(name, args.Dtype("dtype"),
                    ("weight", Shape(args.Size("num_embeddings"), args.Size("embedding_dims")), true, false));

            case "Conv1d": return Convolution(name, args, 1, transposed: false);
            case "Conv2d": return Convolution(name, args, 2, transposed: false);
            case "Conv3d": return Convolution(name, args, 3, transposed: false);
            case "ConvTranspose1d": return Convolution(name, args, 1, transposed: true);
            case "ConvTranspose2d": return Convolution(name, args, 2, transposed: true);
            case "ConvTranspose3d": return Convolution(name, args, 3, transposed: true);

            case "LayerNorm":
            {
                var shape = args.Shape("normalized_shape");
                bool? affine = args.Flag("elementwise_affine");
                return Build(name, args.Dtype("dtype"),
                    ("weight", shape, affine, false),
                    ("bias", shape, And(affine, args.Flag("bias")), false));
            }

            case "BatchNorm1d":
            case "BatchNorm2d":
            case "BatchNorm3d":
            {
                var features = Shape(args.Size("num_features"));
                bool? affine = args.Flag("affine");
                bool? track = args.Flag("track_running_stats");
                string? dtype = args.Dtype("dtype");
                var module = Build(name, dtype,
                    ("weight", features, affine, false),
                    ("bias", features, affine, false),
                    ("running_mean", features, track, true),
                    ("running_var", features, track, true));
                // The step counter is a 0-d Int64 buffer whatever dtype the module has.
                return track == true
                    ? new InferredModule(name, name, module.Members.Append(new NamedMember("num_batches_tracked", new InferredTensor(SymbolicShape.Of(), null, isBuffer: true))).ToValueArray(), module.IsComplete)
                    : module;
            }

            case "GroupNorm":
            {
                var channels = Shape(args.Size("num_channels"));
                bool? affine = args.Flag("affine");
                return Build(name, args.Dtype("dtype"),
                    ("weight", channels, affine, false),
                    ("bias", channels, affine, false));
            }

            case "RNN": return Recurrent(name, args, gates: 1);
            case "LSTM": return Recurrent(name, args, gates: 4);
            case "GRU": return Recurrent(name, args, gates: 3);

            case "MultiheadAttention": return Attention(args);

            case "Sequential": return Sequential(args);

            default:
                return null;
        }
    }

    /// <summary>The tensor a <c>torch</c> factory (randn, rand, zeros, ones, empty, full) makes, or null.</summary>
    public static InferredTensor? Tensor(string name, ArgumentValues args, Value? firstArgument)
    {
        switch (name)
        {
            case "randn":
            case "rand":
            case "zeros":
            case "ones":
            case "empty":
            case "full":
            {
                SymbolicShape? shape;
                if (args.Has("size")) shape = args.Shape("size");
                else if (args.Has("rows")) shape = Shape(args.Size("rows"), args.Size("columns"));
                else if (args.Has("dim3")) shape = Shape(args.Size("dim0"), args.Size("dim1"), args.Size("dim2"), args.Size("dim3"));
                else if (args.Has("dim2")) shape = Shape(args.Size("dim0"), args.Size("dim1"), args.Size("dim2"));
                else return null;
                return new InferredTensor(shape, args.Dtype("dtype"));
            }

            case "zeros_like":
            case "ones_like":
            case "rand_like":
            case "randn_like":
            case "empty_like":
            case "full_like":
                return firstArgument is TensorValue like ? new InferredTensor(like.Info.Shape, args.Dtype("dtype") ?? like.Info.Dtype) : null;

            default:
                return null;
        }
    }

    private static InferredModule? FromParameters(string name, Value? weight, Value? bias)
    {
        var members = new List<NamedMember>();
        bool complete = true;
        if (weight is TensorValue w) members.Add(new NamedMember("weight", w.Info));
        else complete = false;
        if (bias is TensorValue b) members.Add(new NamedMember("bias", b.Info));
        else if (bias is not NullValue) complete = false;
        return new InferredModule(name, name, members.ToValueArray(), complete);
    }

    private static InferredModule Convolution(string name, ArgumentValues args, int dimensions, bool transposed)
    {
        var kernel = Kernel(args["kernel_size"], dimensions);
        var inChannels = args.Size("in_channels");
        var outChannels = args.Size("out_channels");
        var groups = args.Size("groups");
        var weightDims = new List<SymbolicSize?>
        {
            transposed ? inChannels : outChannels,
            SymbolicSize.Divide(transposed ? outChannels : inChannels, groups),
        };
        SymbolicShape? weight = null;
        if (kernel is not null)
        {
            weightDims.AddRange(kernel);
            weight = SymbolicShape.Of(weightDims.ToArray());
        }
        return Build(name, args.Dtype("dtype"),
            ("weight", weight, true, false),
            ("bias", Shape(outChannels), args.Flag("bias"), false));
    }

    private static SymbolicSize?[]? Kernel(Value? kernel, int dimensions) => kernel switch
    {
        SizeValue size => Enumerable.Repeat<SymbolicSize?>(size.Size, dimensions).ToArray(),
        TupleValue tuple when tuple.Items.Length == dimensions => tuple.Items.Select(i => (i as SizeValue)?.Size).ToArray(),
        _ => null,
    };

    private static InferredModule Recurrent(string name, ArgumentValues args, int gates)
    {
        var input = args.Size("inputSize");
        var hidden = args.Size("hiddenSize");
        var gated = SymbolicSize.Multiply(SymbolicSize.Constant(gates), hidden);
        bool? bias = args.Flag("bias");
        bool? bidirectional = args.Flag("bidirectional");
        long? layers = args.Size("numLayers")?.ConstantValue;
        bool complete = bias is not null && bidirectional is not null && layers is > 0 and <= MaxListedLayers;

        var directions = bidirectional == true ? new[] { "", "_reverse" } : new[] { "" };
        long listed = layers is > 0 and <= MaxListedLayers ? layers.Value : 1;
        var deeperInput = bidirectional is null ? null : SymbolicSize.Multiply(hidden, SymbolicSize.Constant(directions.Length));
        string? dtype = args.Dtype("dtype");

        var members = new List<NamedMember>();
        for (long layer = 0; layer < listed; layer++)
        {
            string k = layer.ToString(CultureInfo.InvariantCulture);
            foreach (var suffix in directions)
            {
                members.Add(new NamedMember($"weight_ih_l{k}{suffix}", new InferredTensor(Shape(gated, layer == 0 ? input : deeperInput), dtype)));
                members.Add(new NamedMember($"weight_hh_l{k}{suffix}", new InferredTensor(Shape(gated, hidden), dtype)));
                if (bias != false)
                {
                    members.Add(new NamedMember($"bias_ih_l{k}{suffix}", new InferredTensor(Shape(gated), dtype)));
                    members.Add(new NamedMember($"bias_hh_l{k}{suffix}", new InferredTensor(Shape(gated), dtype)));
                }
            }
        }
        return new InferredModule(name, name, members.ToValueArray(), complete);
    }

    private static InferredModule Attention(ArgumentValues args)
    {
        const string name = "MultiheadAttention";
        var embed = args.Size("embedded_dim");
        var keys = args.IsNull("kdim") ? embed : args.Size("kdim");
        var values = args.IsNull("vdim") ? embed : args.Size("vdim");
        bool? bias = args.Flag("bias");
        bool? biasKv = args.Flag("add_bias_kv");

        // TorchSharp packs the projections when kdim and vdim equal the embedding size at run time; undecided sizes leave it open.
        bool? packed = embed is null || keys is null || values is null ? null : Packed(SymbolicSize.Compare(keys, embed), SymbolicSize.Compare(values, embed));
        var members = new List<NamedMember>();
        bool complete = packed is not null && bias is not null && biasKv is not null;
        if (packed == true)
        {
            members.Add(new NamedMember("in_proj_weight", new InferredTensor(Shape(SymbolicSize.Multiply(SymbolicSize.Constant(3), embed), embed), null)));
        }
        else if (packed == false)
        {
            members.Add(new NamedMember("q_proj_weight", new InferredTensor(Shape(embed, embed), null)));
            members.Add(new NamedMember("k_proj_weight", new InferredTensor(Shape(embed, keys), null)));
            members.Add(new NamedMember("v_proj_weight", new InferredTensor(Shape(embed, values), null)));
        }
        if (bias != false)
            members.Add(new NamedMember("in_proj_bias", new InferredTensor(Shape(SymbolicSize.Multiply(SymbolicSize.Constant(3), embed)), null)));
        if (biasKv != false)
        {
            members.Add(new NamedMember("bias_k", new InferredTensor(Shape(SymbolicSize.Constant(1), SymbolicSize.Constant(1), embed), null)));
            members.Add(new NamedMember("bias_v", new InferredTensor(Shape(SymbolicSize.Constant(1), SymbolicSize.Constant(1), embed), null)));
        }
        var outProjection = Build("Linear", null,
            ("weight", Shape(embed, embed), true, false),
            ("bias", Shape(embed), bias, false));
        members.Add(new NamedMember("out_proj", outProjection));
        return new InferredModule(name, name, members.ToValueArray(), complete && outProjection.IsComplete);
    }

    private static bool? Packed(ShapeRelation keys, ShapeRelation values)
        => keys == ShapeRelation.Same && values == ShapeRelation.Same ? true
            : keys == ShapeRelation.Different || values == ShapeRelation.Different ? false
            : null;

    private static InferredModule? Sequential(ArgumentValues args)
    {
        if (args["modules"] is not SequenceValue { IsComplete: true } modules)
            return args.Has("modules") ? null : new InferredModule("Sequential", "Sequential", ValueArray<NamedMember>.Empty, isComplete: true);

        var members = new List<NamedMember>();
        bool complete = true;
        for (int i = 0; i < modules.Elements.Length; i++)
        {
            string childName = i.ToString(CultureInfo.InvariantCulture);
            InferredMember? child;
            switch (modules.Elements[i])
            {
                case ModuleValue module:
                    child = module.Info;
                    break;
                case TupleValue { Items.Length: 2 } named when named.Items[0] is StringValue label:
                    childName = label.Text;
                    child = (named.Items[1] as ModuleValue)?.Info;
                    break;
                case TupleValue:
                    return null;
                default:
                    child = null;
                    break;
            }
            if (child is null) complete = false;
            members.Add(new NamedMember(childName, child));
        }
        return new InferredModule("Sequential", "Sequential", members.ToValueArray(), complete);
    }

    /// <summary>
    /// A module from its possible tensors: each with its shape, whether it exists (null: depends on an unknown flag,
    /// which makes the module incomplete) and whether it is a buffer.
    /// </summary>
    private static InferredModule Build(string name, string? dtype, params (string Name, SymbolicShape? Shape, bool? Present, bool IsBuffer)[] tensors)
    {
        var members = ImmutableArray.CreateBuilder<NamedMember>();
        bool complete = true;
        foreach (var tensor in tensors)
        {
            if (tensor.Present == false) continue;
            if (tensor.Present is null || tensor.Shape is null) complete = false;
            members.Add(new NamedMember(tensor.Name, new InferredTensor(tensor.Shape, dtype, tensor.IsBuffer)));
        }
        return new InferredModule(name, name, new ValueArray<NamedMember>(members.ToImmutable()), complete);
    }

    private static SymbolicShape? Shape(params SymbolicSize?[] sizes) => SymbolicShape.Of(sizes);

    private static bool? And(bool? left, bool? right)
        => left == false || right == false ? false : left == true && right == true ? true : null;
}
