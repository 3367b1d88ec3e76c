<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountFields</name>
    <message>
        <source>至少6位</source>
        <translation>至少6位</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>显示名称</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>再次输入密码</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>两次输入的密码不一样</source>
        <translation>两次输入的密码不一样</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>新增用户</source>
        <translation>新增用户</translation>
    </message>
</context>
<context>
    <name>AdminForm</name>
    <message>
        <source>例如 admin 或 文书姓名的拼音</source>
        <translation>例如 admin 或 文书姓名的拼音</translation>
    </message>
    <message>
        <source>可不填，例如 林秀英</source>
        <translation>可不填，例如 林秀英</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>管理员账户</source>
        <translation>管理员账户</translation>
    </message>
    <message>
        <source>管理员可以管理用户、修改设置和全部登记簿。请牢记密码：数据会用它加密。忘记后由另一位管理员在“工具 → 用户管理”中重设，或用下一页给出的恢复码重设。</source>
        <translation>管理员可以管理用户、修改设置和全部登记簿。请牢记密码：数据会用它加密。忘记后由另一位管理员在“工具 → 用户管理”中重设，或用下一页给出的恢复码重设。</translation>
    </message>
    <message>
        <source>创建数据库</source>
        <translation>创建数据库</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>只读打开</source>
        <translation>只读打开</translation>
    </message>
</context>
<context>
    <name>BookPreviewDialog</name>
    <message>
        <source>打印预览 - {0}</source>
        <translation>打印预览 - {0}</translation>
    </message>
    <message>
        <source>A4 纸，纵向。</source>
        <translation>A4 纸，纵向。</translation>
    </message>
    <message>
        <source>A4 纸。表格较宽的 {0} 页横向排版，这里横着显示；打印时转 90° 印在纸上。</source>
        <translation>A4 纸。表格较宽的 {0} 页横向排版，这里横着显示；打印时转 90° 印在纸上。</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>选择打印机并打印（Ctrl+P）</source>
        <translation>选择打印机并打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>另存为 PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>把台账保存为 PDF 文件</source>
        <translation>把台账保存为 PDF 文件</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>整页</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>第 </source>
        <translation>第 </translation>
    </message>
    <message>
        <source> 页</source>
        <translation> 页</translation>
    </message>
    <message>
        <source> 共 {0} 页</source>
        <translation> 共 {0} 页</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>打印台账</source>
        <translation>打印台账</translation>
    </message>
    <message>
        <source>无法开始打印：请检查打印机是否可用。</source>
        <translation>无法开始打印：请检查打印机是否可用。</translation>
    </message>
</context>
<context>
    <name>BookPreviewLoader</name>
    <message>
        <source>正在准备打印预览…</source>
        <translation>正在准备打印预览…</translation>
    </message>
    <message>
        <source>打印台账</source>
        <translation>打印台账</translation>
    </message>
    <message>
        <source>要打印的台账有 {0} 条记录，约 {1} 页，在屏幕上预览会很慢（预览最多约 {2} 页）。

可以先另存为 PDF，再用 PDF 阅读器打印；或在“村（社区）”中选择一个村后再打印。

现在另存为 PDF 吗？</source>
        <translation>要打印的台账有 {0} 条记录，约 {1} 页，在屏幕上预览会很慢（预览最多约 {2} 页）。

可以先另存为 PDF，再用 PDF 阅读器打印；或在“村（社区）”中选择一个村后再打印。

现在另存为 PDF 吗？</translation>
    </message>
    <message>
        <source>另存为 PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>正在生成 PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <source>已保存 {0}（共 {1} 页）。</source>
        <translation>已保存 {0}（共 {1} 页）。</translation>
    </message>
</context>
<context>
    <name>ChecksPanel</name>
    <message>
        <source>正在检查：{0}（{1} {2}）</source>
        <translation>正在检查：{0}（{1} {2}）</translation>
    </message>
    <message>
        <source>尚未检查。</source>
        <translation>尚未检查。</translation>
    </message>
    <message>
        <source>重新检查</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>双击一条问题，打开对应的记录并定位到该项。</source>
        <translation>双击一条问题，打开对应的记录并定位到该项。</translation>
    </message>
    <message>
        <source>开始检查</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>正在检查全部登记簿…</source>
        <translation>正在检查全部登记簿…</translation>
    </message>
    <message>
        <source>共有错误 {0} 条，警告 {1} 条（检查时间 {2}）。</source>
        <translation>共有错误 {0} 条，警告 {1} 条（检查时间 {2}）。</translation>
    </message>
    <message>
        <source>没有发现问题（检查时间 {0}）。</source>
        <translation>没有发现问题（检查时间 {0}）。</translation>
    </message>
    <message>
        <source>检查已取消。</source>
        <translation>检查已取消。</translation>
    </message>
    <message>
        <source>检查没有完成。</source>
        <translation>检查没有完成。</translation>
    </message>
</context>
<context>
    <name>ChildTable</name>
    <message>
        <source>新增{0}…</source>
        <translation>新增{0}…</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>选中上方一条记录，这里显示它的{0}。</source>
        <translation>选中上方一条记录，这里显示它的{0}。</translation>
    </message>
    <message>
        <source>{0}的{1}：{2} {3}</source>
        <translation>{0}的{1}：{2} {3}</translation>
    </message>
</context>
<context>
    <name>ChoiceListsDialog</name>
    <message>
        <source>选项列表（代码表）</source>
        <translation>选项列表（代码表）</translation>
    </message>
    <message>
        <source>乡镇可以为选项列表添加新的选项和别名，导出返回数据包时一并发到各村。灰色的是登记簿定义中的选项，不能删除或修改。</source>
        <translation>乡镇可以为选项列表添加新的选项和别名，导出返回数据包时一并发到各村。灰色的是登记簿定义中的选项，不能删除或修改。</translation>
    </message>
    <message>
        <source>选项</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>别名（导入花名册时认作该选项）</source>
        <translation>别名（导入花名册时认作该选项）</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>新的选项：</source>
        <translation>新的选项：</translation>
    </message>
    <message>
        <source>如 心理疏导（最多 {0} 个字）</source>
        <translation>如 心理疏导（最多 {0} 个字）</translation>
    </message>
    <message>
        <source>添加选项</source>
        <translation>添加选项</translation>
    </message>
    <message>
        <source>新的别名：</source>
        <translation>新的别名：</translation>
    </message>
    <message>
        <source>花名册里的其他写法，如 心理咨询</source>
        <translation>花名册里的其他写法，如 心理咨询</translation>
    </message>
    <message>
        <source>即</source>
        <translation>即</translation>
    </message>
    <message>
        <source>添加别名</source>
        <translation>添加别名</translation>
    </message>
    <message>
        <source>选项列表由乡镇统一维护，村里只能查看</source>
        <translation>选项列表由乡镇统一维护，村里只能查看</translation>
    </message>
    <message>
        <source>只有管理员可以添加选项和别名</source>
        <translation>只有管理员可以添加选项和别名</translation>
    </message>
    <message>
        <source>（固定）</source>
        <translation>（固定）</translation>
    </message>
    <message>
        <source>（已添加 {0}）</source>
        <translation>（已添加 {0}）</translation>
    </message>
    <message>
        <source>用于：{0}</source>
        <translation>用于：{0}</translation>
    </message>
    <message>
        <source>。这是固定的选项列表（国家标准或规则规定），只能添加别名。</source>
        <translation>。这是固定的选项列表（国家标准或规则规定），只能添加别名。</translation>
    </message>
    <message>
        <source>登记簿定义</source>
        <translation>登记簿定义</translation>
    </message>
    <message>
        <source>登记簿定义中的选项，不能删除或修改</source>
        <translation>登记簿定义中的选项，不能删除或修改</translation>
    </message>
    <message>
        <source>别名“{0}”：{1}</source>
        <translation>别名“{0}”：{1}</translation>
    </message>
    <message>
        <source>固定的选项列表不能添加新的选项，只能添加别名</source>
        <translation>固定的选项列表不能添加新的选项，只能添加别名</translation>
    </message>
    <message>
        <source>乡镇添加</source>
        <translation>乡镇添加</translation>
    </message>
    <message>
        <source>乡镇添加（{0}，{1}）</source>
        <translation>乡镇添加（{0}，{1}）</translation>
    </message>
    <message>
        <source>已在“{0}”中添加选项“{1}”，下次导出返回数据包时发到各村。</source>
        <translation>已在“{0}”中添加选项“{1}”，下次导出返回数据包时发到各村。</translation>
    </message>
    <message>
        <source>已在“{0}”中添加别名“{1}”（即“{2}”）。</source>
        <translation>已在“{0}”中添加别名“{1}”（即“{2}”）。</translation>
    </message>
    <message>
        <source>选项列表（代码表）…</source>
        <translation>选项列表（代码表）…</translation>
    </message>
    <message>
        <source>为选项列表添加新的选项和别名，随返回数据包发到各村</source>
        <translation>为选项列表添加新的选项和别名，随返回数据包发到各村</translation>
    </message>
    <message>
        <source>工具(&amp;T)</source>
        <translation>工具(&amp;T)</translation>
    </message>
</context>
<context>
    <name>ConflictReview</name>
    <message>
        <source>同一字段两边改得不同</source>
        <translation>同一字段两边改得不同</translation>
    </message>
    <message>
        <source>一边删除、一边修改</source>
        <translation>一边删除、一边修改</translation>
    </message>
    <message>
        <source>一边删除、一边修改，且字段不同</source>
        <translation>一边删除、一边修改，且字段不同</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>已解决</source>
        <translation>已解决</translation>
    </message>
</context>
<context>
    <name>ConflictReviewView</name>
    <message>
        <source>冲突审核</source>
        <translation>冲突审核</translation>
    </message>
    <message>
        <source>显示已解决的</source>
        <translation>显示已解决的</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>登记簿</source>
        <translation>登记簿</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>冲突的字段</source>
        <translation>冲突的字段</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>选中上方的一个冲突，这里并排显示共同祖先和两边的版本。</source>
        <translation>选中上方的一个冲突，这里并排显示共同祖先和两边的版本。</translation>
    </message>
    <message>
        <source>只看有冲突的字段</source>
        <translation>只看有冲突的字段</translation>
    </message>
    <message>
        <source>显示完整号码</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>黄色：有冲突的字段；绿色加粗：暂定采用的值；蓝色：只有一边修改，已自动合并。</source>
        <translation>黄色：有冲突的字段；绿色加粗：暂定采用的值；蓝色：只有一边修改，已自动合并。</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>共同祖先</source>
        <translation>共同祖先</translation>
    </message>
    <message>
        <source>本库原有</source>
        <translation>本库原有</translation>
    </message>
    <message>
        <source>新收到</source>
        <translation>新收到</translation>
    </message>
    <message>
        <source>采用</source>
        <translation>采用</translation>
    </message>
    <message>
        <source>填写新值</source>
        <translation>填写新值</translation>
    </message>
    <message>
        <source>全部采用本库原有的值</source>
        <translation>全部采用本库原有的值</translation>
    </message>
    <message>
        <source>全部采用新收到的值</source>
        <translation>全部采用新收到的值</translation>
    </message>
    <message>
        <source>保存裁决</source>
        <translation>保存裁决</translation>
    </message>
    <message>
        <source>按上面的选择保存为记录的新版本，随返回数据包发给村</source>
        <translation>按上面的选择保存为记录的新版本，随返回数据包发给村</translation>
    </message>
    <message>
        <source>读取失败：{0}</source>
        <translation>读取失败：{0}</translation>
    </message>
    <message>
        <source>待审核 {0} 处</source>
        <translation>待审核 {0} 处</translation>
    </message>
    <message>
        <source>没有待审核的冲突</source>
        <translation>没有待审核的冲突</translation>
    </message>
    <message>
        <source>没有待审核的冲突。</source>
        <translation>没有待审核的冲突。</translation>
    </message>
    <message>
        <source>冲突 {0}：{1}　{2}“{3}”</source>
        <translation>冲突 {0}：{1}　{2}“{3}”</translation>
    </message>
    <message>
        <source>{0}。本库原有的版本：{1}；新收到的版本：{2}。在裁决之前暂定采用“{3}”的值。</source>
        <translation>{0}。本库原有的版本：{1}；新收到的版本：{2}。在裁决之前暂定采用“{3}”的值。</translation>
    </message>
    <message>
        <source>已删除</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>未删除</source>
        <translation>未删除</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>（暂定）</source>
        <translation>（暂定）</translation>
    </message>
    <message>
        <source>裁决之前暂定采用这个值</source>
        <translation>裁决之前暂定采用这个值</translation>
    </message>
    <message>
        <source>只有一边修改，已自动合并</source>
        <translation>只有一边修改，已自动合并</translation>
    </message>
    <message>
        <source>当前的值（没有冲突）</source>
        <translation>当前的值（没有冲突）</translation>
    </message>
    <message>
        <source>保留暂定值：{0}</source>
        <translation>保留暂定值：{0}</translation>
    </message>
    <message>
        <source>采用本库原有的值</source>
        <translation>采用本库原有的值</translation>
    </message>
    <message>
        <source>采用新收到的值</source>
        <translation>采用新收到的值</translation>
    </message>
    <message>
        <source>选“填写新值”后在此输入</source>
        <translation>选“填写新值”后在此输入</translation>
    </message>
    <message>
        <source>请为“{0}”填写新值，或改选其他选项。</source>
        <translation>请为“{0}”填写新值，或改选其他选项。</translation>
    </message>
    <message>
        <source>正在保存裁决…</source>
        <translation>正在保存裁决…</translation>
    </message>
    <message>
        <source>冲突 {0} 已裁决，保存为记录的新版本；导出返回数据包时会发给村。</source>
        <translation>冲突 {0} 已裁决，保存为记录的新版本；导出返回数据包时会发给村。</translation>
    </message>
</context>
<context>
    <name>CrossChecksView</name>
    <message>
        <source>全部</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>村委会、党组织、监委会、村规民约规则</source>
        <translation>村委会、党组织、监委会、村规民约规则</translation>
    </message>
    <message>
        <source>任期12个月内届满</source>
        <translation>任期12个月内届满</translation>
    </message>
    <message>
        <source>同一人在多个村任职</source>
        <translation>同一人在多个村任职</translation>
    </message>
    <message>
        <source>同一志愿者在多个村注册</source>
        <translation>同一志愿者在多个村注册</translation>
    </message>
    <message>
        <source>数据过期或未报送</source>
        <translation>数据过期或未报送</translation>
    </message>
    <message>
        <source>正在检查……</source>
        <translation>正在检查……</translation>
    </message>
    <message>
        <source>检查失败：{0}</source>
        <translation>检查失败：{0}</translation>
    </message>
    <message>
        <source>重新检查</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>点击一项检查，可在此查看它涉及的记录</source>
        <translation>点击一项检查，可在此查看它涉及的记录</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>规则编号 {0}</source>
        <translation>规则编号 {0}</translation>
    </message>
    <message>
        <source>{0} 条（错误 {1}，警告 {2}），截至 {3}</source>
        <translation>{0} 条（错误 {1}，警告 {2}），截至 {3}</translation>
    </message>
</context>
<context>
    <name>DataStatusView</name>
    <message>
        <source>点击一个村，可在此查看它有错误、警告或被检查提示的记录</source>
        <translation>点击一个村，可在此查看它有错误、警告或被检查提示的记录</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>统计用区划代码</source>
        <translation>统计用区划代码</translation>
    </message>
    <message>
        <source>{0} 个乡镇（街道）、{1} 个村（社区）；数据过期 {2} 个村，未报送或登记簿为空 {3} 个村（截至 {4}）。双击乡镇行只看该乡镇的村。</source>
        <translation>{0} 个乡镇（街道）、{1} 个村（社区）；数据过期 {2} 个村，未报送或登记簿为空 {3} 个村（截至 {4}）。双击乡镇行只看该乡镇的村。</translation>
    </message>
    <message>
        <source>{0} 个村（社区）；数据过期 {1} 个，未报送或登记簿为空 {2} 个；待处理冲突 {3} 条（截至 {4}）</source>
        <translation>{0} 个村（社区）；数据过期 {1} 个，未报送或登记簿为空 {2} 个；待处理冲突 {3} 条（截至 {4}）</translation>
    </message>
    <message>
        <source>{0}：有错误、警告或被检查提示的记录</source>
        <translation>{0}：有错误、警告或被检查提示的记录</translation>
    </message>
</context>
<context>
    <name>DraftOffer</name>
    <message>
        <source>新增</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>（未填名称）</source>
        <translation>（未填名称）</translation>
    </message>
    <message>
        <source>（此后这条记录已被修改）</source>
        <translation>（此后这条记录已被修改）</translation>
    </message>
    <message>
        <source>（原记录已不存在）</source>
        <translation>（原记录已不存在）</translation>
    </message>
    <message>
        <source>恢复未保存的记录</source>
        <translation>恢复未保存的记录</translation>
    </message>
    <message>
        <source>上次有 {0} 条未保存的记录（停电或异常退出时正在填写），是否恢复？</source>
        <translation>上次有 {0} 条未保存的记录（停电或异常退出时正在填写），是否恢复？</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>稍后</source>
        <translation>稍后</translation>
    </message>
    <message>
        <source>丢弃…</source>
        <translation>丢弃…</translation>
    </message>
    <message>
        <source>先不恢复；下次启动时再问</source>
        <translation>先不恢复；下次启动时再问</translation>
    </message>
    <message>
        <source>丢弃这 {0} 条未保存的内容？丢弃后不能恢复。</source>
        <translation>丢弃这 {0} 条未保存的内容？丢弃后不能恢复。</translation>
    </message>
    <message>
        <source>这条记录有上次未保存的修改（{0}），是否恢复？</source>
        <translation>这条记录有上次未保存的修改（{0}），是否恢复？</translation>
    </message>
    <message>
        <source>上次新增{0}时有未保存的内容（{1}），是否恢复？</source>
        <translation>上次新增{0}时有未保存的内容（{1}），是否恢复？</translation>
    </message>
    <message>
        <source>不恢复：上次的内容先保留；在这里修改后，它将被这次填写的内容替换。</source>
        <translation>不恢复：上次的内容先保留；在这里修改后，它将被这次填写的内容替换。</translation>
    </message>
</context>
<context>
    <name>EnrollmentDialog</name>
    <message>
        <source>导入乡镇注册文件</source>
        <translation>导入乡镇注册文件</translation>
    </message>
    <message>
        <source>乡镇民政办会发给本村一个注册文件（文件名以 .cunwu-enroll 结尾）。导入后，本村导出的数据包只有该乡镇能打开，乡镇的回执和返回数据包也以它核对。</source>
        <translation>乡镇民政办会发给本村一个注册文件（文件名以 .cunwu-enroll 结尾）。导入后，本村导出的数据包只有该乡镇能打开，乡镇的回执和返回数据包也以它核对。</translation>
    </message>
    <message>
        <source>选择注册文件…</source>
        <translation>选择注册文件…</translation>
    </message>
    <message>
        <source>导入区县注册文件</source>
        <translation>导入区县注册文件</translation>
    </message>
    <message>
        <source>区县民政局会发给本乡镇一个注册文件（文件名以 .cunwu-enroll 结尾）。导入后，本乡镇上报的数据包只有该区县能打开，区县的回执也以它核对。</source>
        <translation>区县民政局会发给本乡镇一个注册文件（文件名以 .cunwu-enroll 结尾）。导入后，本乡镇上报的数据包只有该区县能打开，区县的回执也以它核对。</translation>
    </message>
    <message>
        <source>选择区县注册文件</source>
        <translation>选择区县注册文件</translation>
    </message>
    <message>
        <source>区县注册文件 (*.cunwu-enroll);;所有文件 (*)</source>
        <translation>区县注册文件 (*.cunwu-enroll);;所有文件 (*)</translation>
    </message>
    <message>
        <source>选择乡镇注册文件</source>
        <translation>选择乡镇注册文件</translation>
    </message>
    <message>
        <source>乡镇注册文件 (*.cunwu-enroll);;所有文件 (*)</source>
        <translation>乡镇注册文件 (*.cunwu-enroll);;所有文件 (*)</translation>
    </message>
    <message>
        <source>乡镇名称：</source>
        <translation>乡镇名称：</translation>
    </message>
    <message>
        <source>区县名称：</source>
        <translation>区县名称：</translation>
    </message>
    <message>
        <source>乡镇代码：</source>
        <translation>乡镇代码：</translation>
    </message>
    <message>
        <source>区县代码：</source>
        <translation>区县代码：</translation>
    </message>
    <message>
        <source>签名密钥指纹：</source>
        <translation>签名密钥指纹：</translation>
    </message>
    <message>
        <source>加密密钥指纹：</source>
        <translation>加密密钥指纹：</translation>
    </message>
    <message>
        <source>我已与区县电话（或书面）核对以上两个指纹，完全一致</source>
        <translation>我已与区县电话（或书面）核对以上两个指纹，完全一致</translation>
    </message>
    <message>
        <source>我已与乡镇电话（或书面）核对以上两个指纹，完全一致</source>
        <translation>我已与乡镇电话（或书面）核对以上两个指纹，完全一致</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>只有乡镇数据库可以导入区县的注册文件。</source>
        <translation>只有乡镇数据库可以导入区县的注册文件。</translation>
    </message>
    <message>
        <source>目前登记的区县：{0}（{1}），签名密钥指纹 {2}。导入新的注册文件会替换它。</source>
        <translation>目前登记的区县：{0}（{1}），签名密钥指纹 {2}。导入新的注册文件会替换它。</translation>
    </message>
    <message>
        <source>本乡镇（{0}）尚未登记区县。</source>
        <translation>本乡镇（{0}）尚未登记区县。</translation>
    </message>
    <message>
        <source>这是乡镇数据库，不需要导入注册文件；注册文件是乡镇发给各村的。</source>
        <translation>这是乡镇数据库，不需要导入注册文件；注册文件是乡镇发给各村的。</translation>
    </message>
    <message>
        <source>目前登记的乡镇：{0}（{1}），签名密钥指纹 {2}。导入新的注册文件会替换它。</source>
        <translation>目前登记的乡镇：{0}（{1}），签名密钥指纹 {2}。导入新的注册文件会替换它。</translation>
    </message>
    <message>
        <source>本村（{0}，{1}）尚未登记乡镇。</source>
        <translation>本村（{0}，{1}）尚未登记乡镇。</translation>
    </message>
    <message>
        <source>这个注册文件是乡镇“{0}”专为{1}生成的，不能用于本村（村代码 {2}）。请向乡镇索取本村的注册文件。</source>
        <translation>这个注册文件是乡镇“{0}”专为{1}生成的，不能用于本村（村代码 {2}）。请向乡镇索取本村的注册文件。</translation>
    </message>
    <message>
        <source>注意：本村代码 {0} 不在乡镇“{1}”（{2}）的代码范围内，请确认这是本乡镇发放的注册文件。</source>
        <translation>注意：本村代码 {0} 不在乡镇“{1}”（{2}）的代码范围内，请确认这是本乡镇发放的注册文件。</translation>
    </message>
    <message>
        <source>注意：这个注册文件与目前登记的乡镇不同，导入后将改为发给“{0}”。</source>
        <translation>注意：这个注册文件与目前登记的乡镇不同，导入后将改为发给“{0}”。</translation>
    </message>
    <message>
        <source>这个注册文件是区县“{0}”为乡镇 {1} 生成的，不能用于本乡镇（乡镇代码 {2}）。请向区县索取本乡镇的注册文件。</source>
        <translation>这个注册文件是区县“{0}”为乡镇 {1} 生成的，不能用于本乡镇（乡镇代码 {2}）。请向区县索取本乡镇的注册文件。</translation>
    </message>
    <message>
        <source>注意：这个注册文件与目前登记的区县“{0}”不同，导入后将改为上报给“{1}”。</source>
        <translation>注意：这个注册文件与目前登记的区县“{0}”不同，导入后将改为上报给“{1}”。</translation>
    </message>
    <message>
        <source>更换乡镇</source>
        <translation>更换乡镇</translation>
    </message>
    <message>
        <source>确定要更换乡镇吗？</source>
        <translation>确定要更换乡镇吗？</translation>
    </message>
    <message>
        <source>正在导入注册文件…</source>
        <translation>正在导入注册文件…</translation>
    </message>
    <message>
        <source>本乡镇目前上报给“{0}”（{1}）。改为上报给“{2}”（{3}）吗？</source>
        <translation>本乡镇目前上报给“{0}”（{1}）。改为上报给“{2}”（{3}）吗？</translation>
    </message>
    <message>
        <source>更换区县</source>
        <translation>更换区县</translation>
    </message>
    <message>
        <source>已导入区县注册文件：{0}（{1}）。

区县签名密钥指纹：{2}
区县加密密钥指纹：{3}
请与区县电话核对以上指纹。

本机密钥指纹：{4}</source>
        <translation>已导入区县注册文件：{0}（{1}）。

区县签名密钥指纹：{2}
区县加密密钥指纹：{3}
请与区县电话核对以上指纹。

本机密钥指纹：{4}</translation>
    </message>
    <message>
        <source>

已由“{0}”（{1}）改为“{2}”（{3}）。</source>
        <translation>

已由“{0}”（{1}）改为“{2}”（{3}）。</translation>
    </message>
    <message>
        <source>已导入乡镇注册文件：{0}（{1}）。

本机密钥指纹：{2}
乡镇第一次导入本村的数据包时会显示这个指纹，请把它告诉乡镇以便核对。</source>
        <translation>已导入乡镇注册文件：{0}（{1}）。

本机密钥指纹：{2}
乡镇第一次导入本村的数据包时会显示这个指纹，请把它告诉乡镇以便核对。</translation>
    </message>
    <message>
        <source>注册文件</source>
        <translation>注册文件</translation>
    </message>
</context>
<context>
    <name>EnrollmentTargetDialog</name>
    <message>
        <source>生成注册文件</source>
        <translation>生成注册文件</translation>
    </message>
    <message>
        <source>为乡镇生成注册文件</source>
        <translation>为乡镇生成注册文件</translation>
    </message>
    <message>
        <source>专用注册文件只能由所选的村导入，含一次性密钥：该村第一次发来的数据包凭此自动确认身份。请直接交给该村，不要复制给别人。
通用注册文件任何村都能导入，但各村第一次发来的数据包都要与村里电话核对密钥指纹后确认。</source>
        <translation>专用注册文件只能由所选的村导入，含一次性密钥：该村第一次发来的数据包凭此自动确认身份。请直接交给该村，不要复制给别人。
通用注册文件任何村都能导入，但各村第一次发来的数据包都要与村里电话核对密钥指纹后确认。</translation>
    </message>
    <message>
        <source>区县的注册文件只能由所选的乡镇导入，含一次性密钥：该乡镇第一次上报的数据包凭此自动确认身份。请直接交给该乡镇（存到U盘上），不要复制给别人；乡镇导入时请电话告诉对方本区县的密钥指纹。</source>
        <translation>区县的注册文件只能由所选的乡镇导入，含一次性密钥：该乡镇第一次上报的数据包凭此自动确认身份。请直接交给该乡镇（存到U盘上），不要复制给别人；乡镇导入时请电话告诉对方本区县的密钥指纹。</translation>
    </message>
    <message>
        <source>{0} 专用</source>
        <translation>{0} 专用</translation>
    </message>
    <message>
        <source>其他村（输入村代码）专用</source>
        <translation>其他村（输入村代码）专用</translation>
    </message>
    <message>
        <source>通用注册文件（所有村）</source>
        <translation>通用注册文件（所有村）</translation>
    </message>
    <message>
        <source>其他乡镇（输入乡镇代码）</source>
        <translation>其他乡镇（输入乡镇代码）</translation>
    </message>
    <message>
        <source>发给：</source>
        <translation>发给：</translation>
    </message>
    <message>
        <source>12 位村统计用区划代码</source>
        <translation>12 位村统计用区划代码</translation>
    </message>
    <message>
        <source>村代码：</source>
        <translation>村代码：</translation>
    </message>
    <message>
        <source>9 位乡镇统计用区划代码，以 {0} 开头</source>
        <translation>9 位乡镇统计用区划代码，以 {0} 开头</translation>
    </message>
    <message>
        <source>9 位乡镇统计用区划代码</source>
        <translation>9 位乡镇统计用区划代码</translation>
    </message>
    <message>
        <source>乡镇代码：</source>
        <translation>乡镇代码：</translation>
    </message>
    <message>
        <source>村名称：</source>
        <translation>村名称：</translation>
    </message>
    <message>
        <source>乡镇名称：</source>
        <translation>乡镇名称：</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>村代码应为 12 位数字（统计用区划代码），例如 350322111202。</source>
        <translation>村代码应为 12 位数字（统计用区划代码），例如 350322111202。</translation>
    </message>
    <message>
        <source>乡镇代码应为 9 位数字（统计用区划代码），例如 {0}。</source>
        <translation>乡镇代码应为 9 位数字（统计用区划代码），例如 {0}。</translation>
    </message>
    <message>
        <source>乡镇代码 {0} 不在本区县（{1}）的范围内：应以 {1} 开头，例如 {2}。</source>
        <translation>乡镇代码 {0} 不在本区县（{1}）的范围内：应以 {1} 开头，例如 {2}。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>程序出错</source>
        <translation>程序出错</translation>
    </message>
    <message>
        <source>程序遇到了一个意外错误。已经保存的数据不会丢失，您可以继续使用。
如果问题反复出现，请把下面的报告复制给技术支持人员。</source>
        <translation>程序遇到了一个意外错误。已经保存的数据不会丢失，您可以继续使用。
如果问题反复出现，请把下面的报告复制给技术支持人员。</translation>
    </message>
    <message>
        <source>报告也已写入日志文件：{0}</source>
        <translation>报告也已写入日志文件：{0}</translation>
    </message>
    <message>
        <source>复制报告</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>已复制</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ExcelImport</name>
    <message>
        <source>{0}第{1}行{2}：{3}</source>
        <translation>{0}第{1}行{2}：{3}</translation>
    </message>
    <message>
        <source>· 没有问题</source>
        <translation>· 没有问题</translation>
    </message>
</context>
<context>
    <name>ExcelImportDialog</name>
    <message>
        <source>从 Excel 导入</source>
        <translation>从 Excel 导入</translation>
    </message>
    <message>
        <source>登记簿：</source>
        <translation>登记簿：</translation>
    </message>
    <message>
        <source>文件：</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>工作表：</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>自动选择</source>
        <translation>自动选择</translation>
    </message>
    <message>
        <source>列</source>
        <translation>列</translation>
    </message>
    <message>
        <source>表头</source>
        <translation>表头</translation>
    </message>
    <message>
        <source>导入到</source>
        <translation>导入到</translation>
    </message>
    <message>
        <source>只导入无错误的行（默认：有错误的行时全部不导入）</source>
        <translation>只导入无错误的行（默认：有错误的行时全部不导入）</translation>
    </message>
    <message>
        <source>导入</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>选择 Excel 花名册</source>
        <translation>选择 Excel 花名册</translation>
    </message>
    <message>
        <source>Excel 文件 (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>正在读取并检查花名册…</source>
        <translation>正在读取并检查花名册…</translation>
    </message>
    <message>
        <source>只看有错误的行</source>
        <translation>只看有错误的行</translation>
    </message>
    <message>
        <source>选中一行，这里显示这一行的全部问题</source>
        <translation>选中一行，这里显示这一行的全部问题</translation>
    </message>
    <message>
        <source>请选择花名册（.xlsx、.xls 或 .csv）</source>
        <translation>请选择花名册（.xlsx、.xls 或 .csv）</translation>
    </message>
    <message>
        <source>隐藏的行：</source>
        <translation>隐藏的行：</translation>
    </message>
    <message>
        <source>不导入（默认，常是已离开的人）</source>
        <translation>不导入（默认，常是已离开的人）</translation>
    </message>
    <message>
        <source>隐藏的列：</source>
        <translation>隐藏的列：</translation>
    </message>
    <message>
        <source>导入，同一项以显示的列为准（默认）</source>
        <translation>导入，同一项以显示的列为准（默认）</translation>
    </message>
    <message>
        <source>不导入</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>保存有错误的行…</source>
        <translation>保存有错误的行…</translation>
    </message>
    <message>
        <source>把有错误的行连同原因另存为 Excel 文件，改正后可再导入</source>
        <translation>把有错误的行连同原因另存为 Excel 文件，改正后可再导入</translation>
    </message>
    <message>
        <source>花名册 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)</source>
        <translation>花名册 (*.xlsx *.xlsm *.xls *.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>保存有错误的行</source>
        <translation>保存有错误的行</translation>
    </message>
    <message>
        <source>正在保存有错误的行…</source>
        <translation>正在保存有错误的行…</translation>
    </message>
    <message>
        <source>工作表“{0}”：表头在{1}，数据 {2} 行</source>
        <translation>工作表“{0}”：表头在{1}，数据 {2} 行</translation>
    </message>
    <message>
        <source>跳过 {0} 行（合计、签名、标题等）</source>
        <translation>跳过 {0} 行（合计、签名、标题等）</translation>
    </message>
    <message>
        <source>{0}（隐藏）</source>
        <translation>{0}（隐藏）</translation>
    </message>
    <message>
        <source>{0}第{1}行是隐藏的</source>
        <translation>{0}第{1}行是隐藏的</translation>
    </message>
    <message>
        <source>导入为{0}</source>
        <translation>导入为{0}</translation>
    </message>
    <message>
        <source>{0}列“{1}”是隐藏的（{2}）</source>
        <translation>{0}列“{1}”是隐藏的（{2}）</translation>
    </message>
    <message>
        <source>隐藏的工作表“{0}”未读取（可在“工作表”中选择）</source>
        <translation>隐藏的工作表“{0}”未读取（可在“工作表”中选择）</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>（隐藏列）</source>
        <translation>（隐藏列）</translation>
    </message>
    <message>
        <source>共 {0} 行：可新增 {1}，可更新 {2}，无变化 {3}，有错误 {4}</source>
        <translation>共 {0} 行：可新增 {1}，可更新 {2}，无变化 {3}，有错误 {4}</translation>
    </message>
    <message>
        <source>有错误的行：请改正文件，或勾选“只导入无错误的行”</source>
        <translation>有错误的行：请改正文件，或勾选“只导入无错误的行”</translation>
    </message>
    <message>
        <source>有错误的 {0} 行已连同原因保存到：
{1}</source>
        <translation>有错误的 {0} 行已连同原因保存到：
{1}</translation>
    </message>
    <message>
        <source>请按“导入问题”列改正标红的单元格，保存后再导入该文件。</source>
        <translation>请按“导入问题”列改正标红的单元格，保存后再导入该文件。</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>导入完成</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>新增 {0} 行，更新 {1} 行，无变化 {2} 行。</source>
        <translation>新增 {0} 行，更新 {1} 行，无变化 {2} 行。</translation>
    </message>
    <message>
        <source>{0}表中隐藏的第{1}行（{2} 行）按选择没有导入。</source>
        <translation>{0}表中隐藏的第{1}行（{2} 行）按选择没有导入。</translation>
    </message>
    <message>
        <source>已取消，数据库未改动。</source>
        <translation>已取消，数据库未改动。</translation>
    </message>
    <message>
        <source>无法保存：{0}</source>
        <translation>无法保存：{0}</translation>
    </message>
    <message>
        <source>无法保存</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>无法导入</source>
        <translation>无法导入</translation>
    </message>
</context>
<context>
    <name>ExportPackageDialog</name>
    <message>
        <source>导出上报数据包（报区县）</source>
        <translation>导出上报数据包（报区县）</translation>
    </message>
    <message>
        <source>完整数据包（各村的全部数据，而不只是区县尚未确认收到的）</source>
        <translation>完整数据包（各村的全部数据，而不只是区县尚未确认收到的）</translation>
    </message>
    <message>
        <source>导出返回数据包</source>
        <translation>导出返回数据包</translation>
    </message>
    <message>
        <source>导出返回数据包：{0}</source>
        <translation>导出返回数据包：{0}</translation>
    </message>
    <message>
        <source>完整数据包（该村的全部数据，而不只是该村电脑尚未确认收到的）</source>
        <translation>完整数据包（该村的全部数据，而不只是该村电脑尚未确认收到的）</translation>
    </message>
    <message>
        <source>导出数据包</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <source>完整数据包（本村的全部数据，而不只是乡镇尚未确认收到的变更）</source>
        <translation>完整数据包（本村的全部数据，而不只是乡镇尚未确认收到的变更）</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>导入区县注册文件…</source>
        <translation>导入区县注册文件…</translation>
    </message>
    <message>
        <source>导入乡镇注册文件…</source>
        <translation>导入乡镇注册文件…</translation>
    </message>
    <message>
        <source>插好U盘，选择U盘上存放数据包的文件夹：</source>
        <translation>插好U盘，选择U盘上存放数据包的文件夹：</translation>
    </message>
    <message>
        <source>数据包将包含</source>
        <translation>数据包将包含</translation>
    </message>
    <message>
        <source>登记簿</source>
        <translation>登记簿</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>版本数</source>
        <translation>版本数</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>该村有多台电脑，发给：</source>
        <translation>该村有多台电脑，发给：</translation>
    </message>
    <message>
        <source>请打电话请村里念出本机密钥指纹（村里“数据报送”菜单的对话框中可以看到），选指纹相同的那台电脑；只有那台电脑能打开这个数据包。</source>
        <translation>请打电话请村里念出本机密钥指纹（村里“数据报送”菜单的对话框中可以看到），选指纹相同的那台电脑；只有那台电脑能打开这个数据包。</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>　新电脑</source>
        <translation>　新电脑</translation>
    </message>
    <message>
        <source>　最近数据包 {0}</source>
        <translation>　最近数据包 {0}</translation>
    </message>
    <message>
        <source>密钥指纹 {0}，已收到它的 {1} 个数据包，最近一个生成于 {2}</source>
        <translation>密钥指纹 {0}，已收到它的 {1} 个数据包，最近一个生成于 {2}</translation>
    </message>
    <message>
        <source>：尚未发来本村记录，可能是该村新换的电脑</source>
        <translation>：尚未发来本村记录，可能是该村新换的电脑</translation>
    </message>
    <message>
        <source>这台电脑还没有发来本村的记录，可能是该村新换的电脑。数据包将包含该村的全部台账（记录编号和修改历史不变），村里导入后即可恢复全部数据。</source>
        <translation>这台电脑还没有发来本村的记录，可能是该村新换的电脑。数据包将包含该村的全部台账（记录编号和修改历史不变），村里导入后即可恢复全部数据。</translation>
    </message>
    <message>
        <source>本机密钥指纹：{0}</source>
        <translation>本机密钥指纹：{0}</translation>
    </message>
    <message>
        <source>发给：{0}</source>
        <translation>发给：{0}</translation>
    </message>
    <message>
        <source>没有新的变更：对方已确认收到全部数据。需要时可勾选“完整数据包”重新发送全部数据。</source>
        <translation>没有新的变更：对方已确认收到全部数据。需要时可勾选“完整数据包”重新发送全部数据。</translation>
    </message>
    <message>
        <source>共新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本）。</source>
        <translation>共新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本）。</translation>
    </message>
    <message>
        <source>另含乡镇的设置。</source>
        <translation>另含乡镇的设置。</translation>
    </message>
    <message>
        <source>另含乡镇添加的选项（选项列表）。</source>
        <translation>另含乡镇添加的选项（选项列表）。</translation>
    </message>
    <message>
        <source>
将为 {0} 个村各生成一个数据包。</source>
        <translation>
将为 {0} 个村各生成一个数据包。</translation>
    </message>
    <message>
        <source>
其中 {0} 个版本已在之前的数据包中发出，对方尚未确认收到（U盘上没有回执），将再次发送；重复收到不会有任何影响。</source>
        <translation>
其中 {0} 个版本已在之前的数据包中发出，对方尚未确认收到（U盘上没有回执），将再次发送；重复收到不会有任何影响。</translation>
    </message>
    <message>
        <source>已读取U盘上的 {0} 份回执，对方确认收到 {1} 个版本，这些不再重复发送。</source>
        <translation>已读取U盘上的 {0} 份回执，对方确认收到 {1} 个版本，这些不再重复发送。</translation>
    </message>
    <message>
        <source>本乡镇尚未导入区县的注册文件，还不能导出上报数据包。请先在“文件 → 导入区县注册文件…”中导入区县民政局发来的注册文件（文件名以 .cunwu-enroll 结尾），或点下面的按钮现在导入，再导出。</source>
        <translation>本乡镇尚未导入区县的注册文件，还不能导出上报数据包。请先在“文件 → 导入区县注册文件…”中导入区县民政局发来的注册文件（文件名以 .cunwu-enroll 结尾），或点下面的按钮现在导入，再导出。</translation>
    </message>
    <message>
        <source>本村尚未导入乡镇的注册文件，还不能导出数据包。请先在“数据报送 → 导入乡镇注册文件…”中导入乡镇发来的注册文件（文件名以 .cunwu-enroll 结尾），或点下面的按钮现在导入，再导出。</source>
        <translation>本村尚未导入乡镇的注册文件，还不能导出数据包。请先在“数据报送 → 导入乡镇注册文件…”中导入乡镇发来的注册文件（文件名以 .cunwu-enroll 结尾），或点下面的按钮现在导入，再导出。</translation>
    </message>
    <message>
        <source>请先选择U盘上的文件夹</source>
        <translation>请先选择U盘上的文件夹</translation>
    </message>
    <message>
        <source>数据包已生成；要再导出一份，请换一个文件夹或勾选“完整数据包”</source>
        <translation>数据包已生成；要再导出一份，请换一个文件夹或勾选“完整数据包”</translation>
    </message>
    <message>
        <source>正在导出上报数据包…</source>
        <translation>正在导出上报数据包…</translation>
    </message>
    <message>
        <source>正在导出数据包…</source>
        <translation>正在导出数据包…</translation>
    </message>
    <message>
        <source>没有新的变更，没有生成数据包。</source>
        <translation>没有新的变更，没有生成数据包。</translation>
    </message>
    <message>
        <source>已生成数据包（序号 {0}）：
{1}
位置：{2}</source>
        <translation>已生成数据包（序号 {0}）：
{1}
位置：{2}</translation>
    </message>
    <message>
        <source>已生成 {0} 个村的上报数据包，在文件夹：
{1}</source>
        <translation>已生成 {0} 个村的上报数据包，在文件夹：
{1}</translation>
    </message>
    <message>
        <source>……另有 {0} 个</source>
        <translation>……另有 {0} 个</translation>
    </message>
    <message>
        <source>已生成 {0} 个村的上报数据包：
{1}
位置：{2}</source>
        <translation>已生成 {0} 个村的上报数据包：
{1}
位置：{2}</translation>
    </message>
    <message>
        <source>已写入上报数据包：新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本），发给 {4}。把U盘交给区县；区县导入后会在U盘上写回执，下次导出时即可看到区县已收到。</source>
        <translation>已写入上报数据包：新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本），发给 {4}。把U盘交给区县；区县导入后会在U盘上写回执，下次导出时即可看到区县已收到。</translation>
    </message>
    <message>
        <source>已写入数据包：新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本）。</source>
        <translation>已写入数据包：新增 {0} 条、修改 {1} 条、删除 {2} 条记录（{3} 个版本）。</translation>
    </message>
    <message>
        <source>把U盘交给村里，在“数据报送 → 导入乡镇返回数据包”中导入。</source>
        <translation>把U盘交给村里，在“数据报送 → 导入乡镇返回数据包”中导入。</translation>
    </message>
    <message>
        <source>把U盘交给乡镇；乡镇导入后会在U盘上写回执，下次插入U盘时即可看到乡镇已收到。</source>
        <translation>把U盘交给乡镇；乡镇导入后会在U盘上写回执，下次插入U盘时即可看到乡镇已收到。</translation>
    </message>
</context>
<context>
    <name>FieldPanel</name>
    <message>
        <source>必填</source>
        <translation>必填</translation>
    </message>
</context>
<context>
    <name>FigureRecords</name>
    <message>
        <source>点击表格中的数字，可在此查看对应的记录</source>
        <translation>点击表格中的数字，可在此查看对应的记录</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>停止查找这些记录</source>
        <translation>停止查找这些记录</translation>
    </message>
    <message>
        <source>打开记录</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <source>{0}：正在查找记录……</source>
        <translation>{0}：正在查找记录……</translation>
    </message>
    <message>
        <source>已取消查找记录；可再点击表格中的数字</source>
        <translation>已取消查找记录；可再点击表格中的数字</translation>
    </message>
    <message>
        <source>{0}：共 {1} 条记录</source>
        <translation>{0}：共 {1} 条记录</translation>
    </message>
    <message>
        <source>{0}：查找记录失败：{1}</source>
        <translation>{0}：查找记录失败：{1}</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>设置管理员</source>
        <translation>设置管理员</translation>
    </message>
    <message>
        <source>这个数据库还没有用户，没有加密。请设置第一个管理员账户：设置后数据会加密，只有登录的用户才能打开。</source>
        <translation>这个数据库还没有用户，没有加密。请设置第一个管理员账户：设置后数据会加密，只有登录的用户才能打开。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>村务台账 — 首次使用</source>
        <translation>村务台账 — 首次使用</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>上一步</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>无法创建数据库：{0}</source>
        <translation>无法创建数据库：{0}</translation>
    </message>
    <message>
        <source>无法创建管理员：{0}</source>
        <translation>无法创建管理员：{0}</translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <source>浏览…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>文件夹 {0} 不存在，请先插好U盘并选择正确的位置。</source>
        <translation>文件夹 {0} 不存在，请先插好U盘并选择正确的位置。</translation>
    </message>
    <message>
        <source>U盘文件夹，例如 E:\</source>
        <translation>U盘文件夹，例如 E:\</translation>
    </message>
    <message>
        <source>选择U盘上的文件夹</source>
        <translation>选择U盘上的文件夹</translation>
    </message>
</context>
<context>
    <name>FormDraftOffer</name>
    <message>
        <source>恢复未保存的内容</source>
        <translation>恢复未保存的内容</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>不恢复</source>
        <translation>不恢复</translation>
    </message>
    <message>
        <source>上次的内容先保留；在这里修改后，它将被这次填写的内容替换</source>
        <translation>上次的内容先保留；在这里修改后，它将被这次填写的内容替换</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>每次新增、修改、删除和恢复都保存为一个版本。选中一个版本，下方黄色的行是这次改动的内容。</source>
        <translation>每次新增、修改、删除和恢复都保存为一个版本。选中一个版本，下方黄色的行是这次改动的内容。</translation>
    </message>
    <message>
        <source>只显示改动的项</source>
        <translation>只显示改动的项</translation>
    </message>
    <message>
        <source>恢复到选中的版本</source>
        <translation>恢复到选中的版本</translation>
    </message>
    <message>
        <source>恢复已删除的记录</source>
        <translation>恢复已删除的记录</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>（已删除）</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>历史：{0}“{1}”{2}</source>
        <translation>历史：{0}“{1}”{2}</translation>
    </message>
    <message>
        <source>历史：{0}</source>
        <translation>历史：{0}</translation>
    </message>
    <message>
        <source>把这条记录恢复成 {0} 的版本？当前内容会保留在历史中。</source>
        <translation>把这条记录恢复成 {0} 的版本？当前内容会保留在历史中。</translation>
    </message>
</context>
<context>
    <name>ImportLogView</name>
    <message>
        <source>已导入</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>重复</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>跳过</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>有 {0} 处冲突</source>
        <translation>有 {0} 处冲突</translation>
    </message>
    <message>
        <source>导入记录</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>导入时间</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>未变</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>读取失败：{0}</source>
        <translation>读取失败：{0}</translation>
    </message>
    <message>
        <source>共 {0} 条，其中拒绝 {1} 条（最新的在上）</source>
        <translation>共 {0} 条，其中拒绝 {1} 条（最新的在上）</translation>
    </message>
</context>
<context>
    <name>ImportPackagesDialog</name>
    <message>
        <source>未知村名</source>
        <translation>未知村名</translation>
    </message>
    <message>
        <source>（已停用）</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>数据包来自{0}的另一台电脑。

该村已登记的电脑，密钥指纹：{1}
这台电脑的密钥指纹：{2}

如果该村换了电脑或重装了村务台账，请打电话请村里念出本机密钥指纹，与上面核对，一致才接受；否则这可能是伪造的数据包。

接受并登记这台新电脑吗？</source>
        <translation>数据包来自{0}的另一台电脑。

该村已登记的电脑，密钥指纹：{1}
这台电脑的密钥指纹：{2}

如果该村换了电脑或重装了村务台账，请打电话请村里念出本机密钥指纹，与上面核对，一致才接受；否则这可能是伪造的数据包。

接受并登记这台新电脑吗？</translation>
    </message>
    <message>
        <source>第一次收到{0}这台电脑的数据包。

这台电脑的密钥指纹：{1}

请打电话请村里念出本机密钥指纹（村里导入注册文件或导出数据包时可以看到），与上面核对，一致才接受。

接受并登记这台电脑吗？</source>
        <translation>第一次收到{0}这台电脑的数据包。

这台电脑的密钥指纹：{1}

请打电话请村里念出本机密钥指纹（村里导入注册文件或导出数据包时可以看到），与上面核对，一致才接受。

接受并登记这台电脑吗？</translation>
    </message>
    <message>
        <source>未知乡镇</source>
        <translation>未知乡镇</translation>
    </message>
    <message>
        <source>该乡镇已登记的电脑，密钥指纹：{0}
</source>
        <translation>该乡镇已登记的电脑，密钥指纹：{0}
</translation>
    </message>
    <message>
        <source>第一次收到{0}这台电脑上报的数据包。

{1}这台电脑的密钥指纹：{2}

请打电话请乡镇念出本机密钥指纹，与上面核对，一致才接受；否则这可能是伪造的数据包。

接受并登记这台电脑吗？</source>
        <translation>第一次收到{0}这台电脑上报的数据包。

{1}这台电脑的密钥指纹：{2}

请打电话请乡镇念出本机密钥指纹，与上面核对，一致才接受；否则这可能是伪造的数据包。

接受并登记这台电脑吗？</translation>
    </message>
    <message>
        <source>核对村电脑的密钥指纹</source>
        <translation>核对村电脑的密钥指纹</translation>
    </message>
    <message>
        <source>核对乡镇电脑的密钥指纹</source>
        <translation>核对乡镇电脑的密钥指纹</translation>
    </message>
    <message>
        <source>已导入</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>重复</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>跳过</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>其中 {0} 条本村也改过，已按乡镇的裁决更新</source>
        <translation>其中 {0} 条本村也改过，已按乡镇的裁决更新</translation>
    </message>
    <message>
        <source>其中 {0} 条本村和乡镇改得不同，暂按其中一方保存，可在该记录的“历史”中查看两边的值</source>
        <translation>其中 {0} 条本村和乡镇改得不同，暂按其中一方保存，可在该记录的“历史”中查看两边的值</translation>
    </message>
    <message>
        <source>已登记这台电脑，密钥指纹 {0}</source>
        <translation>已登记这台电脑，密钥指纹 {0}</translation>
    </message>
    <message>
        <source>有 {0} 处冲突待审核</source>
        <translation>有 {0} 处冲突待审核</translation>
    </message>
    <message>
        <source>已导入过，未做任何修改</source>
        <translation>已导入过，未做任何修改</translation>
    </message>
    <message>
        <source>没有接受这台电脑（密钥指纹 {0}），未导入任何数据。核对无误后可重新导入并选择接受。</source>
        <translation>没有接受这台电脑（密钥指纹 {0}），未导入任何数据。核对无误后可重新导入并选择接受。</translation>
    </message>
    <message>
        <source>已过时</source>
        <translation>已过时</translation>
    </message>
    <message>
        <source>旧数据包，未改动：这台电脑更新的数据包已导入过</source>
        <translation>旧数据包，未改动：这台电脑更新的数据包已导入过</translation>
    </message>
    <message>
        <source>导入U盘数据</source>
        <translation>导入U盘数据</translation>
    </message>
    <message>
        <source>选择U盘上存放各村数据包的文件夹。其中每个数据包都会先完整校验（签名、完整性、所属村），再按村和序号依次导入；导入后在数据包旁写回执，村里下次插入U盘时即知乡镇已收到。</source>
        <translation>选择U盘上存放各村数据包的文件夹。其中每个数据包都会先完整校验（签名、完整性、所属村），再按村和序号依次导入；导入后在数据包旁写回执，村里下次插入U盘时即知乡镇已收到。</translation>
    </message>
    <message>
        <source>导入乡镇返回数据包</source>
        <translation>导入乡镇返回数据包</translation>
    </message>
    <message>
        <source>选择U盘上的文件夹。乡镇发给本村的返回数据包（冲突的裁决、更正、设置）会先校验再导入；U盘上其他村的数据包不会处理。</source>
        <translation>选择U盘上的文件夹。乡镇发给本村的返回数据包（冲突的裁决、更正、设置）会先校验再导入；U盘上其他村的数据包不会处理。</translation>
    </message>
    <message>
        <source>开始导入</source>
        <translation>开始导入</translation>
    </message>
    <message>
        <source>数据包文件</source>
        <translation>数据包文件</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>未变</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>冲突</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>正在导入U盘数据…</source>
        <translation>正在导入U盘数据…</translation>
    </message>
    <message>
        <source>被拒绝的数据包没有改动任何数据，原因见“说明”一栏。</source>
        <translation>被拒绝的数据包没有改动任何数据，原因见“说明”一栏。</translation>
    </message>
    <message>
        <source>文件夹中没有找到数据包。</source>
        <translation>文件夹中没有找到数据包。</translation>
    </message>
    <message>
        <source>U盘上没有发给本村的返回数据包。</source>
        <translation>U盘上没有发给本村的返回数据包。</translation>
    </message>
    <message>
        <source>共 {0} 个数据包：导入 {1}，重复 {2}，拒绝 {3}，跳过 {4}。新增 {5} 条，更新 {6} 条，未变 {7} 条，删除 {8} 条</source>
        <translation>共 {0} 个数据包：导入 {1}，重复 {2}，拒绝 {3}，跳过 {4}。新增 {5} 条，更新 {6} 条，未变 {7} 条，删除 {8} 条</translation>
    </message>
    <message>
        <source>；冲突 {0} 处。</source>
        <translation>；冲突 {0} 处。</translation>
    </message>
    <message>
        <source>（{0}）。</source>
        <translation>（{0}）。</translation>
    </message>
    <message>
        <source>。</source>
        <translation>。</translation>
    </message>
    <message>
        <source>“{0}”（{1} 个）</source>
        <translation>“{0}”（{1} 个）</translation>
    </message>
    <message>
        <source>数据包不在这个文件夹里，而在它的子文件夹{0}中。</source>
        <translation>数据包不在这个文件夹里，而在它的子文件夹{0}中。</translation>
    </message>
    <message>
        <source>已改为选择该文件夹，请再点“开始导入”。</source>
        <translation>已改为选择该文件夹，请再点“开始导入”。</translation>
    </message>
    <message>
        <source>请选择其中一个文件夹。</source>
        <translation>请选择其中一个文件夹。</translation>
    </message>
    <message>
        <source>
已取消：其余数据包没有导入，可以稍后再导入。</source>
        <translation>
已取消：其余数据包没有导入，可以稍后再导入。</translation>
    </message>
    <message>
        <source>
U盘上另有 {0} 个数据包不是发给本村的，没有处理。</source>
        <translation>
U盘上另有 {0} 个数据包不是发给本村的，没有处理。</translation>
    </message>
    <message>
        <source>
导入前已备份数据库：{0}</source>
        <translation>
导入前已备份数据库：{0}</translation>
    </message>
    <message>
        <source>{0}（{1}）的新电脑（密钥指纹 {2}）请求从乡镇恢复本村数据：</source>
        <translation>{0}（{1}）的新电脑（密钥指纹 {2}）请求从乡镇恢复本村数据：</translation>
    </message>
    <message>
        <source>已登记{0}（{1}）新换的电脑（密钥指纹 {2}）。如果它要从乡镇恢复本村数据，</source>
        <translation>已登记{0}（{1}）新换的电脑（密钥指纹 {2}）。如果它要从乡镇恢复本村数据，</translation>
    </message>
    <message>
        <source>请在“各村概况”中选中该村，导出返回数据包，发给这台电脑并勾选“完整数据包”。</source>
        <translation>请在“各村概况”中选中该村，导出返回数据包，发给这台电脑并勾选“完整数据包”。</translation>
    </message>
</context>
<context>
    <name>IssueTreeModel</name>
    <message>
        <source>级别</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>错误 {0} 条，警告 {1} 条</source>
        <translation>错误 {0} 条，警告 {1} 条</translation>
    </message>
    <message>
        <source>（整个登记簿）</source>
        <translation>（整个登记簿）</translation>
    </message>
    <message>
        <source>规则编号 {0}</source>
        <translation>规则编号 {0}</translation>
    </message>
</context>
<context>
    <name>LinkedRecords</name>
    <message>
        <source>登记簿</source>
        <translation>登记簿</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>关联本{0}的记录（{1}）</source>
        <translation>关联本{0}的记录（{1}）</translation>
    </message>
    <message>
        <source>保存后，会议与公开等记录可在“关联事项”中选择本条记录。</source>
        <translation>保存后，会议与公开等记录可在“关联事项”中选择本条记录。</translation>
    </message>
    <message>
        <source>还没有记录关联本条。在其他登记簿的“关联事项”中选择本条即可。</source>
        <translation>还没有记录关联本条。在其他登记簿的“关联事项”中选择本条即可。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 — 村务台账</source>
        <translation>登录 — 村务台账</translation>
    </message>
    <message>
        <source>{0}村务台账</source>
        <translation>{0}村务台账</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>用恢复码重设密码…</source>
        <translation>用恢复码重设密码…</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>也可以用保管在保险柜里的恢复码重设密码：点下面的“用恢复码重设密码…”。</source>
        <translation>也可以用保管在保险柜里的恢复码重设密码：点下面的“用恢复码重设密码…”。</translation>
    </message>
    <message>
        <source>请另一位管理员登录后，在“工具 → 用户管理”中选中您的用户名，点“重设密码…”，为您设一个新密码。</source>
        <translation>请另一位管理员登录后，在“工具 → 用户管理”中选中您的用户名，点“重设密码…”，为您设一个新密码。</translation>
    </message>
    <message>
        <source>请管理员（{0}）登录后，在“工具 → 用户管理”中选中您的用户名，点“重设密码…”，为您设一个新密码。</source>
        <translation>请管理员（{0}）登录后，在“工具 → 用户管理”中选中您的用户名，点“重设密码…”，为您设一个新密码。</translation>
    </message>
    <message>
        <source>县（区）民政部门或为您安装本程序的人员</source>
        <translation>县（区）民政部门或为您安装本程序的人员</translation>
    </message>
    <message>
        <source>乡镇民政办或为您安装本程序的人员</source>
        <translation>乡镇民政办或为您安装本程序的人员</translation>
    </message>
    <message>
        <source>这台电脑上没有其他管理员能为您重设密码。请取出保管在保险柜里的恢复码，点下面的“用恢复码重设密码…”。台账数据都还在：请不要删除数据或重新安装程序。从备份恢复也找不回密码（备份里是同一个密码）。
恢复码也找不到时，数据是加密的，谁也打不开，请联系{0}商量。以后请再设一位管理员，忘记密码时可以互相重设。</source>
        <translation>这台电脑上没有其他管理员能为您重设密码。请取出保管在保险柜里的恢复码，点下面的“用恢复码重设密码…”。台账数据都还在：请不要删除数据或重新安装程序。从备份恢复也找不回密码（备份里是同一个密码）。
恢复码也找不到时，数据是加密的，谁也打不开，请联系{0}商量。以后请再设一位管理员，忘记密码时可以互相重设。</translation>
    </message>
    <message>
        <source>这台电脑上没有其他管理员能为您重设密码。台账数据都还在：请不要删除数据或重新安装程序。从备份恢复也找不回密码（备份里是同一个密码），还会丢掉备份之后的修改。
请联系{0}。以后请再设一位管理员，忘记密码时可以互相重设。</source>
        <translation>这台电脑上没有其他管理员能为您重设密码。台账数据都还在：请不要删除数据或重新安装程序。从备份恢复也找不回密码（备份里是同一个密码），还会丢掉备份之后的修改。
请联系{0}。以后请再设一位管理员，忘记密码时可以互相重设。</translation>
    </message>
    <message>
        <source>用户名或密码不正确，请重新输入。</source>
        <translation>用户名或密码不正确，请重新输入。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>登记簿</source>
        <translation>登记簿</translation>
    </message>
    <message>
        <source>检查结果</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>检查</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>新增一条记录 (Ctrl+N)</source>
        <translation>新增一条记录 (Ctrl+N)</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>打开选中的记录 (Enter)</source>
        <translation>打开选中的记录 (Enter)</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>删除选中的记录，需填写原因 (Delete)</source>
        <translation>删除选中的记录，需填写原因 (Delete)</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>恢复选中的已删除记录</source>
        <translation>恢复选中的已删除记录</translation>
    </message>
    <message>
        <source>历史</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>查看选中记录的全部版本 (Ctrl+H)</source>
        <translation>查看选中记录的全部版本 (Ctrl+H)</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>检查全部登记簿 (F9)</source>
        <translation>检查全部登记簿 (F9)</translation>
    </message>
    <message>
        <source>显示完整号码</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>列表中显示完整的证件号码和电话（默认隐去中间几位）</source>
        <translation>列表中显示完整的证件号码和电话（默认隐去中间几位）</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>用户管理…</source>
        <translation>用户管理…</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>关于村务台账</source>
        <translation>关于村务台账</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>记录(&amp;R)</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <source>查看(&amp;V)</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>工具(&amp;T)</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>撤销：{0} (Ctrl+Z)</source>
        <translation>撤销：{0} (Ctrl+Z)</translation>
    </message>
    <message>
        <source>没有可撤销的操作</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <source>重做：{0} (Ctrl+Shift+Z)</source>
        <translation>重做：{0} (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>没有可重做的操作</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>无法打开这条记录：{0}</source>
        <translation>无法打开这条记录：{0}</translation>
    </message>
    <message>
        <source>删除记录</source>
        <translation>删除记录</translation>
    </message>
    <message>
        <source>删除{0}“{1}”。请填写删除原因（将记入历史，可以恢复）：</source>
        <translation>删除{0}“{1}”。请填写删除原因（将记入历史，可以恢复）：</translation>
    </message>
    <message>
        <source>{0}：{1} {2}；有错误的 {3} 处，有警告的 {4} 处</source>
        <translation>{0}：{1} {2}；有错误的 {3} 处，有警告的 {4} 处</translation>
    </message>
    <message>
        <source>未导出的修改：{0} 处</source>
        <translation>未导出的修改：{0} 处</translation>
    </message>
    <message>
        <source>从未导出</source>
        <translation>从未导出</translation>
    </message>
    <message>
        <source>上次导出：{0}</source>
        <translation>上次导出：{0}</translation>
    </message>
    <message>
        <source>村务台账 — {0}（{1}）</source>
        <translation>村务台账 — {0}（{1}）</translation>
    </message>
</context>
<context>
    <name>MergedRegisterModel</name>
    <message>
        <source>村代码 {0}</source>
        <translation>村代码 {0}</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
</context>
<context>
    <name>MergedRegisterView</name>
    <message>
        <source>筛选：姓名、拼音或首字母、证件号码片段、选项…</source>
        <translation>筛选：姓名、拼音或首字母、证件号码片段、选项…</translation>
    </message>
    <message>
        <source>显示已删除</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>停止读取，保留现在的列表</source>
        <translation>停止读取，保留现在的列表</translation>
    </message>
    <message>
        <source>各乡镇上报的各村数据，区县只读。需要更正时请退回乡镇，由乡镇通知村里修改后重新报送。</source>
        <translation>各乡镇上报的各村数据，区县只读。需要更正时请退回乡镇，由乡镇通知村里修改后重新报送。</translation>
    </message>
    <message>
        <source>各村报送的数据，乡镇只读。需要更正时请通知村里修改后重新报送；两边改得不一致的，在“冲突审核”中裁决。</source>
        <translation>各村报送的数据，乡镇只读。需要更正时请通知村里修改后重新报送；两边改得不一致的，在“冲突审核”中裁决。</translation>
    </message>
    <message>
        <source>已取消读取（列表未更新）</source>
        <translation>已取消读取（列表未更新）</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>读取失败</source>
        <translation>读取失败</translation>
    </message>
    <message>
        <source>各村</source>
        <translation>各村</translation>
    </message>
    <message>
        <source>{0}：筛选出 {1} / 共 {2} {3}</source>
        <translation>{0}：筛选出 {1} / 共 {2} {3}</translation>
    </message>
    <message>
        <source>{0}：共 {1} {2}</source>
        <translation>{0}：共 {1} {2}</translation>
    </message>
</context>
<context>
    <name>ParentChooser</name>
    <message>
        <source>新增{0}：选择{1}</source>
        <translation>新增{0}：选择{1}</translation>
    </message>
    <message>
        <source>这条{0}属于哪位{1}？输入姓名、拼音首字母或证件号码片段，用 ↑↓ 选择，按 Enter 确定。</source>
        <translation>这条{0}属于哪位{1}？输入姓名、拼音首字母或证件号码片段，用 ↑↓ 选择，按 Enter 确定。</translation>
    </message>
    <message>
        <source>确定 (Enter)</source>
        <translation>确定 (Enter)</translation>
    </message>
</context>
<context>
    <name>PcChangeDialog</name>
    <message>
        <source>重新启用这台电脑</source>
        <translation>重新启用这台电脑</translation>
    </message>
    <message>
        <source>停用这台电脑</source>
        <translation>停用这台电脑</translation>
    </message>
    <message>
        <source>村（社区）：{0}</source>
        <translation>村（社区）：{0}</translation>
    </message>
    <message>
        <source>密钥指纹：{0}</source>
        <translation>密钥指纹：{0}</translation>
    </message>
    <message>
        <source>这台电脑{0}。
重新启用后，它发来的数据包将照常导入，也可以给它生成返回数据包。</source>
        <translation>这台电脑{0}。
重新启用后，它发来的数据包将照常导入，也可以给它生成返回数据包。</translation>
    </message>
    <message>
        <source>停用后，这台电脑发来的数据包一律拒绝（不导入任何数据），也不再给它生成返回数据包；它以前发来的数据保留不变。请先核对指纹确是已不再使用的那台电脑。
停用可以撤销：在这里重新启用即可。</source>
        <translation>停用后，这台电脑发来的数据包一律拒绝（不导入任何数据），也不再给它生成返回数据包；它以前发来的数据保留不变。请先核对指纹确是已不再使用的那台电脑。
停用可以撤销：在这里重新启用即可。</translation>
    </message>
    <message>
        <source>原因（必填，记入操作日志）：</source>
        <translation>原因（必填，记入操作日志）：</translation>
    </message>
    <message>
        <source>如：电脑已损坏，已换新电脑</source>
        <translation>如：电脑已损坏，已换新电脑</translation>
    </message>
    <message>
        <source>如：旧电脑修好了，继续使用</source>
        <translation>如：旧电脑修好了，继续使用</translation>
    </message>
    <message>
        <source>重新启用</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>停用</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>请稍候</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReceiptsDialog</name>
    <message>
        <source>读取乡镇回执</source>
        <translation>读取乡镇回执</translation>
    </message>
    <message>
        <source>乡镇导入本村的数据包后，会在U盘上数据包旁边写一份回执。插好带回来的U盘，选择存放数据包的文件夹，即可看到乡镇已经收到了哪些修改。</source>
        <translation>乡镇导入本村的数据包后，会在U盘上数据包旁边写一份回执。插好带回来的U盘，选择存放数据包的文件夹，即可看到乡镇已经收到了哪些修改。</translation>
    </message>
    <message>
        <source>读取回执</source>
        <translation>读取回执</translation>
    </message>
    <message>
        <source>各登记簿的修改</source>
        <translation>各登记簿的修改</translation>
    </message>
    <message>
        <source>登记簿</source>
        <translation>登记簿</translation>
    </message>
    <message>
        <source>乡镇已收到</source>
        <translation>乡镇已收到</translation>
    </message>
    <message>
        <source>已发出、未确认</source>
        <translation>已发出、未确认</translation>
    </message>
    <message>
        <source>尚未导出</source>
        <translation>尚未导出</translation>
    </message>
    <message>
        <source>本机导出的数据包</source>
        <translation>本机导出的数据包</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>导出时间</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <source>版本数</source>
        <translation>版本数</translation>
    </message>
    <message>
        <source>乡镇确认收到</source>
        <translation>乡镇确认收到</translation>
    </message>
    <message>
        <source>数据包文件</source>
        <translation>数据包文件</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>正在读取回执…</source>
        <translation>正在读取回执…</translation>
    </message>
    <message>
        <source>发给：{0}。乡镇已收到 {1} 处修改；已发出但尚未确认 {2} 处；尚未导出 {3} 处。</source>
        <translation>发给：{0}。乡镇已收到 {1} 处修改；已发出但尚未确认 {2} 处；尚未导出 {3} 处。</translation>
    </message>
    <message>
        <source>读取了 {0} 份回执，新确认 {1} 处修改。</source>
        <translation>读取了 {0} 份回执，新确认 {1} 处修改。</translation>
    </message>
    <message>
        <source>U盘上的 {0} 份回执都已读过。</source>
        <translation>U盘上的 {0} 份回执都已读过。</translation>
    </message>
    <message>
        <source>文件夹中没有本机数据包的回执。</source>
        <translation>文件夹中没有本机数据包的回执。</translation>
    </message>
    <message>
        <source>尚未确认</source>
        <translation>尚未确认</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>填写原因后带错误保存…</source>
        <translation>填写原因后带错误保存…</translation>
    </message>
    <message>
        <source>历史…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>取消 (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>新增{0}</source>
        <translation>新增{0}</translation>
    </message>
    <message>
        <source>查看{0}：{1}</source>
        <translation>查看{0}：{1}</translation>
    </message>
    <message>
        <source>修改{0}：{1}</source>
        <translation>修改{0}：{1}</translation>
    </message>
    <message>
        <source>恢复了 {0} 未保存的内容（停电或异常退出时正在填写）。请核对后保存。</source>
        <translation>恢复了 {0} 未保存的内容（停电或异常退出时正在填写）。请核对后保存。</translation>
    </message>
    <message>
        <source>原记录已被删除或不存在，保存后将成为一条新记录。</source>
        <translation>原记录已被删除或不存在，保存后将成为一条新记录。</translation>
    </message>
    <message>
        <source>此后这条记录已被修改过：保存将用这里的内容替换那次修改，请先查看“历史…”。</source>
        <translation>此后这条记录已被修改过：保存将用这里的内容替换那次修改，请先查看“历史…”。</translation>
    </message>
    <message>
        <source>有 {0} 处错误，改正后才能保存。</source>
        <translation>有 {0} 处错误，改正后才能保存。</translation>
    </message>
    <message>
        <source>管理员可以填写原因后带错误保存。</source>
        <translation>管理员可以填写原因后带错误保存。</translation>
    </message>
    <message>
        <source>带 * 的必须填写。按 Enter 到下一项，Ctrl+S 保存。</source>
        <translation>带 * 的必须填写。按 Enter 到下一项，Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>正在保存…之后的修改在这次保存完成后接着保存。</source>
        <translation>正在保存…之后的修改在这次保存完成后接着保存。</translation>
    </message>
    <message>
        <source>正在保存…完成后再填写原因带错误保存。</source>
        <translation>正在保存…完成后再填写原因带错误保存。</translation>
    </message>
    <message>
        <source>带错误保存</source>
        <translation>带错误保存</translation>
    </message>
    <message>
        <source>这条记录还有错误。请写明为什么仍要保存（将记入历史）：</source>
        <translation>这条记录还有错误。请写明为什么仍要保存（将记入历史）：</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>已保存。保存之后填写的内容还没有保存（Ctrl+S 保存）。</source>
        <translation>已保存。保存之后填写的内容还没有保存（Ctrl+S 保存）。</translation>
    </message>
    <message>
        <source>“{0}”中填写的内容还没有保存。要保存吗？</source>
        <translation>“{0}”中填写的内容还没有保存。要保存吗？</translation>
    </message>
</context>
<context>
    <name>RecordViewer</name>
    <message>
        <source>查看{0}：{1}</source>
        <translation>查看{0}：{1}</translation>
    </message>
    <message>
        <source>{0}　{1}：{2}</source>
        <translation>{0}　{1}：{2}</translation>
    </message>
    <message>
        <source>已删除。</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>区县只读。</source>
        <translation>区县只读。</translation>
    </message>
    <message>
        <source>乡镇只读。</source>
        <translation>乡镇只读。</translation>
    </message>
    <message>
        <source>最后修改：{0} {1}；录入：{2} {3}。</source>
        <translation>最后修改：{0} {1}；录入：{2} {3}。</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>恢复码 — 只显示这一次</source>
        <translation>恢复码 — 只显示这一次</translation>
    </message>
    <message>
        <source>已生成新的恢复码：旧恢复码从此失效，请把旧的纸条销毁。</source>
        <translation>已生成新的恢复码：旧恢复码从此失效，请把旧的纸条销毁。</translation>
    </message>
    <message>
        <source>继续</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>RecoveryCodePanel</name>
    <message>
        <source>数据已加密。下面是这个数据库的恢复码，只显示这一次：所有密码都忘记时，凭它在登录窗口重设密码。没有密码也没有恢复码，数据就再也打不开。</source>
        <translation>数据已加密。下面是这个数据库的恢复码，只显示这一次：所有密码都忘记时，凭它在登录窗口重设密码。没有密码也没有恢复码，数据就再也打不开。</translation>
    </message>
    <message>
        <source>请打印出来（或工整地抄在纸上），锁进村委会的保险柜。不要贴在电脑旁，不要拍照发到手机或群里。</source>
        <translation>请打印出来（或工整地抄在纸上），锁进村委会的保险柜。不要贴在电脑旁，不要拍照发到手机或群里。</translation>
    </message>
    <message>
        <source>打印恢复码…</source>
        <translation>打印恢复码…</translation>
    </message>
    <message>
        <source>我已打印或抄下恢复码，会把它锁进保险柜</source>
        <translation>我已打印或抄下恢复码，会把它锁进保险柜</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>从乡镇恢复本村数据</source>
        <translation>从乡镇恢复本村数据</translation>
    </message>
    <message>
        <source>本村原来的电脑损坏又没有备份时，请不要重新录入或重新导入Excel名册：那样每个人都会成为新记录，在乡镇出现重复。乡镇保存着本村的全部台账，可以发回这台电脑，记录和修改历史都保持不变。
新电脑请先导出一个数据包交乡镇，乡镇导回“完整返回数据包”后即可恢复全部台账。</source>
        <translation>本村原来的电脑损坏又没有备份时，请不要重新录入或重新导入Excel名册：那样每个人都会成为新记录，在乡镇出现重复。乡镇保存着本村的全部台账，可以发回这台电脑，记录和修改历史都保持不变。
新电脑请先导出一个数据包交乡镇，乡镇导回“完整返回数据包”后即可恢复全部台账。</translation>
    </message>
    <message>
        <source>第一步：导入乡镇的注册文件</source>
        <translation>第一步：导入乡镇的注册文件</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>导入乡镇注册文件…</source>
        <translation>导入乡镇注册文件…</translation>
    </message>
    <message>
        <source>第二步：生成恢复请求，交给乡镇</source>
        <translation>第二步：生成恢复请求，交给乡镇</translation>
    </message>
    <message>
        <source>恢复请求不含任何记录，只是让乡镇认识这台电脑。乡镇导入时会请您电话核对本机密钥指纹。</source>
        <translation>恢复请求不含任何记录，只是让乡镇认识这台电脑。乡镇导入时会请您电话核对本机密钥指纹。</translation>
    </message>
    <message>
        <source>生成恢复请求</source>
        <translation>生成恢复请求</translation>
    </message>
    <message>
        <source>第三步：导入乡镇的完整返回数据包</source>
        <translation>第三步：导入乡镇的完整返回数据包</translation>
    </message>
    <message>
        <source>乡镇核对指纹后，会为本村导出“完整返回数据包”。插好带回来的U盘，导入它即可。</source>
        <translation>乡镇核对指纹后，会为本村导出“完整返回数据包”。插好带回来的U盘，导入它即可。</translation>
    </message>
    <message>
        <source>导入乡镇返回数据包…</source>
        <translation>导入乡镇返回数据包…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>尚未导入。注册文件由乡镇提供（文件名以 .cunwu-enroll 结尾）。</source>
        <translation>尚未导入。注册文件由乡镇提供（文件名以 .cunwu-enroll 结尾）。</translation>
    </message>
    <message>
        <source>已完成：{0}（{1}）</source>
        <translation>已完成：{0}（{1}）</translation>
    </message>
    <message>
        <source>本机密钥指纹：{0}</source>
        <translation>本机密钥指纹：{0}</translation>
    </message>
    <message>
        <source>已导入 {0} 个乡镇返回数据包。本村的台账已从乡镇取回；以后照常录入、照常导出数据包即可。</source>
        <translation>已导入 {0} 个乡镇返回数据包。本村的台账已从乡镇取回；以后照常录入、照常导出数据包即可。</translation>
    </message>
    <message>
        <source>注意：这台电脑上已经录入了 {0} 条记录。恢复后它们仍然保留；如果其中有人在乡镇保存的台账里也有，就会出现两条，请恢复后核对并删除多余的。</source>
        <translation>注意：这台电脑上已经录入了 {0} 条记录。恢复后它们仍然保留；如果其中有人在乡镇保存的台账里也有，就会出现两条，请恢复后核对并删除多余的。</translation>
    </message>
    <message>
        <source>请先完成第一步：导入乡镇的注册文件</source>
        <translation>请先完成第一步：导入乡镇的注册文件</translation>
    </message>
    <message>
        <source>正在生成恢复请求…</source>
        <translation>正在生成恢复请求…</translation>
    </message>
    <message>
        <source>已生成恢复请求：{0}
位置：{1}
请把U盘交给乡镇，并请乡镇为本村导出“完整返回数据包”。</source>
        <translation>已生成恢复请求：{0}
位置：{1}
请把U盘交给乡镇，并请乡镇为本村导出“完整返回数据包”。</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>恢复码</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <source>数据库已创建并加密。请保管好下面的恢复码。</source>
        <translation>数据库已创建并加密。请保管好下面的恢复码。</translation>
    </message>
</context>
<context>
    <name>RegisterTableModel</name>
    <message>
        <source>已删除（可在“历史”中查看原因或恢复）</source>
        <translation>已删除（可在“历史”中查看原因或恢复）</translation>
    </message>
    <message>
        <source>错误 {0} 处，警告 {1} 处（详见“检查结果”）</source>
        <translation>错误 {0} 处，警告 {1} 处（详见“检查结果”）</translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>显示已删除</source>
        <translation>显示已删除</translation>
    </message>
    <message>
        <source>读取失败</source>
        <translation>读取失败</translation>
    </message>
    <message>
        <source>拼音或首字母（如 lxy）</source>
        <translation>拼音或首字母（如 lxy）</translation>
    </message>
    <message>
        <source>拼音或首字母</source>
        <translation>拼音或首字母</translation>
    </message>
    <message>
        <source>{0}片段</source>
        <translation>{0}片段</translation>
    </message>
    <message>
        <source>选项（如 {0}）</source>
        <translation>选项（如 {0}）</translation>
    </message>
    <message>
        <source>选项（{0}）</source>
        <translation>选项（{0}）</translation>
    </message>
    <message>
        <source>筛选：{0}…</source>
        <translation>筛选：{0}…</translation>
    </message>
    <message>
        <source>可按这些内容筛选：{0}。几个词用空格隔开，须同时符合。</source>
        <translation>可按这些内容筛选：{0}。几个词用空格隔开，须同时符合。</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>筛选出 {0} / 共 {1} {2}</source>
        <translation>筛选出 {0} / 共 {1} {2}</translation>
    </message>
    <message>
        <source>共 {0} {1}（含已删除）</source>
        <translation>共 {0} {1}（含已删除）</translation>
    </message>
    <message>
        <source>共 {0} {1}</source>
        <translation>共 {0} {1}</translation>
    </message>
    <message>
        <source>还没有记录。</source>
        <translation>还没有记录。</translation>
    </message>
    <message>
        <source>还没有记录。按 Ctrl+N 新增（先选择{0}），或在“{0}”页下方的“{1}”中新增。</source>
        <translation>还没有记录。按 Ctrl+N 新增（先选择{0}），或在“{0}”页下方的“{1}”中新增。</translation>
    </message>
    <message>
        <source>还没有记录。按 Ctrl+N 新增，或从 Excel 导入花名册。</source>
        <translation>还没有记录。按 Ctrl+N 新增，或从 Excel 导入花名册。</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>正在读取……</source>
        <translation>正在读取……</translation>
    </message>
    <message>
        <source>统计失败：{0}</source>
        <translation>统计失败：{0}</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>点击表格中的一行，可在此查看对应的记录</source>
        <translation>点击表格中的一行，可在此查看对应的记录</translation>
    </message>
</context>
<context>
    <name>ResetWithRecoveryDialog</name>
    <message>
        <source>用恢复码重设密码</source>
        <translation>用恢复码重设密码</translation>
    </message>
    <message>
        <source>输入保管在保险柜里的恢复码（字母不分大小写，横线可不输），再为这个用户设一个新密码。</source>
        <translation>输入保管在保险柜里的恢复码（字母不分大小写，横线可不输），再为这个用户设一个新密码。</translation>
    </message>
    <message>
        <source>至少6位</source>
        <translation>至少6位</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>恢复码</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>再次输入新密码</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>重设密码并登录</source>
        <translation>重设密码并登录</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>两次输入的新密码不一样</source>
        <translation>两次输入的新密码不一样</translation>
    </message>
</context>
<context>
    <name>RowsModel</name>
    <message>
        <source>行号</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>表中写的是：{0}</source>
        <translation>表中写的是：{0}</translation>
    </message>
</context>
<context>
    <name>Run</name>
    <message>
        <source>正在取消…（正在处理的这一步完成后停止）</source>
        <translation>正在取消…（正在处理的这一步完成后停止）</translation>
    </message>
    <message>
        <source>正在取消…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>如 100、300、600</source>
        <translation>如 100、300、600</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>这些阈值和目标用于检查和统计，默认值来自有关规定。修改后会重新计算全部自动计算项。</source>
        <translation>这些阈值和目标用于检查和统计，默认值来自有关规定。修改后会重新计算全部自动计算项。</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{0}：请填写用顿号分隔的整数</source>
        <translation>{0}：请填写用顿号分隔的整数</translation>
    </message>
    <message>
        <source>正在保存设置并重新计算…</source>
        <translation>正在保存设置并重新计算…</translation>
    </message>
    <message>
        <source>已取消，设置没有改变。</source>
        <translation>已取消，设置没有改变。</translation>
    </message>
</context>
<context>
    <name>StageTimeline</name>
    <message>
        <source>缺：未填日期</source>
        <translation>缺：未填日期</translation>
    </message>
    <message>
        <source>尚未进行</source>
        <translation>尚未进行</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>数据库：{0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>用户：{0}（{1}）</source>
        <translation>用户：{0}（{1}）</translation>
    </message>
</context>
<context>
    <name>TermCloseDialog</name>
    <message>
        <source>换届：标记上届成员离任</source>
        <translation>换届：标记上届成员离任</translation>
    </message>
    <message>
        <source>未填届次</source>
        <translation>未填届次</translation>
    </message>
    <message>
        <source>{0}（在任 {1} 人）</source>
        <translation>{0}（在任 {1} 人）</translation>
    </message>
    <message>
        <source>所选届次的在任成员将一次全部标为“离任”，保留其记录和历史，不再计入在任人数和各项职务检查；连任的成员请在新一届名册中再登记一次。完成后可导入新一届选举结果名册。</source>
        <translation>所选届次的在任成员将一次全部标为“离任”，保留其记录和历史，不再计入在任人数和各项职务检查；连任的成员请在新一届名册中再登记一次。完成后可导入新一届选举结果名册。</translation>
    </message>
    <message>
        <source>届次(&amp;T)：</source>
        <translation>届次(&amp;T)：</translation>
    </message>
    <message>
        <source>离任日期(&amp;D)：</source>
        <translation>离任日期(&amp;D)：</translation>
    </message>
    <message>
        <source>离任原因(&amp;R)：</source>
        <translation>离任原因(&amp;R)：</translation>
    </message>
    <message>
        <source>标为离任</source>
        <translation>标为离任</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>换届（标记上届离任）…</source>
        <translation>换届（标记上届离任）…</translation>
    </message>
    <message>
        <source>没有在任的两委成员，无需换届。</source>
        <translation>没有在任的两委成员，无需换届。</translation>
    </message>
    <message>
        <source>{0}：{1} 人已标为离任（{2}，{3}）。

现在导入新一届成员名册（Excel）吗？</source>
        <translation>{0}：{1} 人已标为离任（{2}，{3}）。

现在导入新一届成员名册（Excel）吗？</translation>
    </message>
    <message>
        <source>正在换届…</source>
        <translation>正在换届…</translation>
    </message>
</context>
<context>
    <name>TownshipPage</name>
    <message>
        <source>必须填写</source>
        <translation>必须填写</translation>
    </message>
    <message>
        <source>本区县基本情况</source>
        <translation>本区县基本情况</translation>
    </message>
    <message>
        <source>带 * 的必须填写。区县的统计用区划代码是6位数字，即所辖各乡镇9位代码的前6位。</source>
        <translation>带 * 的必须填写。区县的统计用区划代码是6位数字，即所辖各乡镇9位代码的前6位。</translation>
    </message>
    <message>
        <source>本乡镇（街道）基本情况</source>
        <translation>本乡镇（街道）基本情况</translation>
    </message>
    <message>
        <source>带 * 的必须填写。乡镇（街道）的统计用区划代码是9位数字，即所辖各村12位代码的前9位，可向县（区）民政部门询问。</source>
        <translation>带 * 的必须填写。乡镇（街道）的统计用区划代码是9位数字，即所辖各村12位代码的前9位，可向县（区）民政部门询问。</translation>
    </message>
    <message>
        <source>例如 榜头镇</source>
        <translation>例如 榜头镇</translation>
    </message>
    <message>
        <source>例如 华蓥市</source>
        <translation>例如 华蓥市</translation>
    </message>
    <message>
        <source>9位统计用区划代码</source>
        <translation>9位统计用区划代码</translation>
    </message>
    <message>
        <source>6位统计用区划代码</source>
        <translation>6位统计用区划代码</translation>
    </message>
    <message>
        <source>乡镇（街道）名称 *</source>
        <translation>乡镇（街道）名称 *</translation>
    </message>
    <message>
        <source>区县名称 *</source>
        <translation>区县名称 *</translation>
    </message>
    <message>
        <source>统计用区划代码 *</source>
        <translation>统计用区划代码 *</translation>
    </message>
</context>
<context>
    <name>TownshipWindow</name>
    <message>
        <source>村务台账（乡镇汇总）— {0}（{1}）</source>
        <translation>村务台账（乡镇汇总）— {0}（{1}）</translation>
    </message>
    <message>
        <source>乡镇</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>区县</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>各乡镇概况</source>
        <translation>各乡镇概况</translation>
    </message>
    <message>
        <source>各村概况</source>
        <translation>各村概况</translation>
    </message>
    <message>
        <source>冲突审核</source>
        <translation>冲突审核</translation>
    </message>
    <message>
        <source>导入记录</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>汇总登记簿</source>
        <translation>汇总登记簿</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>统计汇总</source>
        <translation>统计汇总</translation>
    </message>
    <message>
        <source>数据状况</source>
        <translation>数据状况</translation>
    </message>
    <message>
        <source>跨村核查</source>
        <translation>跨村核查</translation>
    </message>
    <message>
        <source>跨乡镇、跨村核查</source>
        <translation>跨乡镇、跨村核查</translation>
    </message>
    <message>
        <source>导入U盘数据…</source>
        <translation>导入U盘数据…</translation>
    </message>
    <message>
        <source>导入U盘上各村的数据包 (Ctrl+I)</source>
        <translation>导入U盘上各村的数据包 (Ctrl+I)</translation>
    </message>
    <message>
        <source>导出返回数据包…</source>
        <translation>导出返回数据包…</translation>
    </message>
    <message>
        <source>把冲突的裁决、更正和设置发回选中的村</source>
        <translation>把冲突的裁决、更正和设置发回选中的村</translation>
    </message>
    <message>
        <source>生成注册文件…</source>
        <translation>生成注册文件…</translation>
    </message>
    <message>
        <source>生成发给各村的注册文件（含乡镇公钥）</source>
        <translation>生成发给各村的注册文件（含乡镇公钥）</translation>
    </message>
    <message>
        <source>导入U盘上各乡镇的上报数据包 (Ctrl+I)</source>
        <translation>导入U盘上各乡镇的上报数据包 (Ctrl+I)</translation>
    </message>
    <message>
        <source>打印台账…</source>
        <translation>打印台账…</translation>
    </message>
    <message>
        <source>预览并打印登记簿（选了村则只打印该村）</source>
        <translation>预览并打印登记簿（选了村则只打印该村）</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>显示完整号码</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>关于村务台账</source>
        <translation>关于村务台账</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>查看(&amp;V)</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>全部乡镇（街道）</source>
        <translation>全部乡镇（街道）</translation>
    </message>
    <message>
        <source> 乡镇（街道）：</source>
        <translation> 乡镇（街道）：</translation>
    </message>
    <message>
        <source> 村（社区）：</source>
        <translation> 村（社区）：</translation>
    </message>
    <message>
        <source>全部村（社区）</source>
        <translation>全部村（社区）</translation>
    </message>
    <message>
        <source>请先在工具栏的“村（社区）”中选择一个村，或在“各村概况”中选中一个村。</source>
        <translation>请先在工具栏的“村（社区）”中选择一个村，或在“各村概况”中选中一个村。</translation>
    </message>
    <message>
        <source>导出返回数据包</source>
        <translation>导出返回数据包</translation>
    </message>
    <message>
        <source>注册文件保存到哪个文件夹</source>
        <translation>注册文件保存到哪个文件夹</translation>
    </message>
    <message>
        <source>正在生成注册文件…</source>
        <translation>正在生成注册文件…</translation>
    </message>
    <message>
        <source>这是{0}专用的注册文件，只能由该村导入，请直接交给该村；该村第一次发来的数据包凭此自动确认身份。</source>
        <translation>这是{0}专用的注册文件，只能由该村导入，请直接交给该村；该村第一次发来的数据包凭此自动确认身份。</translation>
    </message>
    <message>
        <source>把这个文件拷给各村，在村务台账中导入；请村里导入时与您核对以上指纹。各村第一次发来的数据包，导入时都需核对并确认其密钥指纹。</source>
        <translation>把这个文件拷给各村，在村务台账中导入；请村里导入时与您核对以上指纹。各村第一次发来的数据包，导入时都需核对并确认其密钥指纹。</translation>
    </message>
    <message>
        <source>已生成注册文件：
{0}

签名密钥指纹：{1}
加密密钥指纹：{2}

{3}</source>
        <translation>已生成注册文件：
{0}

签名密钥指纹：{1}
加密密钥指纹：{2}

{3}</translation>
    </message>
    <message>
        <source>注册文件</source>
        <translation>注册文件</translation>
    </message>
    <message>
        <source>正在备份数据库…</source>
        <translation>正在备份数据库…</translation>
    </message>
    <message>
        <source>已备份到 {0}</source>
        <translation>已备份到 {0}</translation>
    </message>
    <message>
        <source>村务台账（区县汇总）— {0}（{1}）</source>
        <translation>村务台账（区县汇总）— {0}（{1}）</translation>
    </message>
    <message>
        <source>村务台账 {0}（区县汇总）
汇总各乡镇上报的数据，统计、核查、打印台账；区县只读，更正退回乡镇。</source>
        <translation>村务台账 {0}（区县汇总）
汇总各乡镇上报的数据，统计、核查、打印台账；区县只读，更正退回乡镇。</translation>
    </message>
    <message>
        <source>村务台账 {0}（乡镇汇总）
汇总各村U盘报送的数据，审核冲突，统计上报。</source>
        <translation>村务台账 {0}（乡镇汇总）
汇总各村U盘报送的数据，审核冲突，统计上报。</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>正在建立筛选索引…</source>
        <translation>正在建立筛选索引…</translation>
    </message>
    <message>
        <source>{0}：{1} {2}；有错误的 {3} 条，有警告的 {4} 条</source>
        <translation>{0}：{1} {2}；有错误的 {3} 条，有警告的 {4} 条</translation>
    </message>
    <message>
        <source>待审核冲突 {0} 处</source>
        <translation>待审核冲突 {0} 处</translation>
    </message>
    <message>
        <source>村（社区）：{0} 个</source>
        <translation>村（社区）：{0} 个</translation>
    </message>
    <message>
        <source>乡镇（街道）：{0} 个</source>
        <translation>乡镇（街道）：{0} 个</translation>
    </message>
    <message>
        <source>待审核冲突：{0} 处</source>
        <translation>待审核冲突：{0} 处</translation>
    </message>
</context>
<context>
    <name>TownshipsView</name>
    <message>
        <source>各乡镇概况</source>
        <translation>各乡镇概况</translation>
    </message>
    <message>
        <source>查看该乡镇的村</source>
        <translation>查看该乡镇的村</translation>
    </message>
    <message>
        <source>乡镇代码</source>
        <translation>乡镇代码</translation>
    </message>
    <message>
        <source>乡镇（街道）</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>村（社区）数</source>
        <translation>村（社区）数</translation>
    </message>
    <message>
        <source>最近数据包</source>
        <translation>最近数据包</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>数据包数</source>
        <translation>数据包数</translation>
    </message>
    <message>
        <source>记录数</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>有错误</source>
        <translation>有错误</translation>
    </message>
    <message>
        <source>有警告</source>
        <translation>有警告</translation>
    </message>
    <message>
        <source>两乡镇报送的村</source>
        <translation>两乡镇报送的村</translation>
    </message>
    <message>
        <source>红色：有错误记录的乡镇；黄色：有村同时由两个乡镇报送的乡镇。双击一个乡镇查看它的村。区县只读：更正请退回乡镇。</source>
        <translation>红色：有错误记录的乡镇；黄色：有村同时由两个乡镇报送的乡镇。双击一个乡镇查看它的村。区县只读：更正请退回乡镇。</translation>
    </message>
    <message>
        <source>读取失败：{0}</source>
        <translation>读取失败：{0}</translation>
    </message>
    <message>
        <source>还没有乡镇的数据。先为各乡镇生成注册文件，乡镇导出上报数据包后，插上U盘，点“导入U盘数据”。</source>
        <translation>还没有乡镇的数据。先为各乡镇生成注册文件，乡镇导出上报数据包后，插上U盘，点“导入U盘数据”。</translation>
    </message>
    <message>
        <source>共 {0} 个乡镇（街道）、{1} 个村（社区）；已收到 {2} 个乡镇的数据。</source>
        <translation>共 {0} 个乡镇（街道）、{1} 个村（社区）；已收到 {2} 个乡镇的数据。</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>用户管理</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>新增用户…</source>
        <translation>新增用户…</translation>
    </message>
    <message>
        <source>重设密码…</source>
        <translation>重设密码…</translation>
    </message>
    <message>
        <source>修改角色…</source>
        <translation>修改角色…</translation>
    </message>
    <message>
        <source>停用用户…</source>
        <translation>停用用户…</translation>
    </message>
    <message>
        <source>生成新的恢复码…</source>
        <translation>生成新的恢复码…</translation>
    </message>
    <message>
        <source>数据库还没有加密，没有恢复码</source>
        <translation>数据库还没有加密，没有恢复码</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>请先选中一个用户。</source>
        <translation>请先选中一个用户。</translation>
    </message>
    <message>
        <source>修改角色</source>
        <translation>修改角色</translation>
    </message>
    <message>
        <source>用户“{0}”的角色：</source>
        <translation>用户“{0}”的角色：</translation>
    </message>
    <message>
        <source>停用用户“{0}”？停用后不能再登录，以前的修改记录仍保留其姓名。数据库会换一把新的加密钥匙，他的密码从此打不开它。</source>
        <translation>停用用户“{0}”？停用后不能再登录，以前的修改记录仍保留其姓名。数据库会换一把新的加密钥匙，他的密码从此打不开它。</translation>
    </message>
    <message>
        <source>生成新的恢复码？旧恢复码从此失效：新恢复码只显示一次，请打印或抄下后锁进保险柜，并销毁旧的纸条。</source>
        <translation>生成新的恢复码？旧恢复码从此失效：新恢复码只显示一次，请打印或抄下后锁进保险柜，并销毁旧的纸条。</translation>
    </message>
    <message>
        <source>重设密码</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>用户“{0}”的新密码（至少6位）：</source>
        <translation>用户“{0}”的新密码（至少6位）：</translation>
    </message>
    <message>
        <source>密码至少6位</source>
        <translation>密码至少6位</translation>
    </message>
    <message>
        <source>已重设用户“{0}”的密码。</source>
        <translation>已重设用户“{0}”的密码。</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>管理用户和设置，修改全部登记簿</source>
        <translation>管理用户和设置，修改全部登记簿</translation>
    </message>
    <message>
        <source>新增、修改、删除登记簿中的记录</source>
        <translation>新增、修改、删除登记簿中的记录</translation>
    </message>
    <message>
        <source>只能查看，不能修改</source>
        <translation>只能查看，不能修改</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>显示名称</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>权限</source>
        <translation>权限</translation>
    </message>
</context>
<context>
    <name>VersionDiffModel</name>
    <message>
        <source>字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>此版本</source>
        <translation>此版本</translation>
    </message>
    <message>
        <source>上一版本</source>
        <translation>上一版本</translation>
    </message>
</context>
<context>
    <name>VersionListModel</name>
    <message>
        <source>时间</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>登录名：{0}</source>
        <translation>登录名：{0}</translation>
    </message>
</context>
<context>
    <name>VillagePage</name>
    <message>
        <source>本村基本情况</source>
        <translation>本村基本情况</translation>
    </message>
    <message>
        <source>带 * 的必须填写。统计用区划代码是12位数字，可向乡镇民政办询问。</source>
        <translation>带 * 的必须填写。统计用区划代码是12位数字，可向乡镇民政办询问。</translation>
    </message>
</context>
<context>
    <name>VillageTools</name>
    <message>
        <source>已备份到 {0}</source>
        <translation>已备份到 {0}</translation>
    </message>
    <message>
        <source>正在备份数据库…</source>
        <translation>正在备份数据库…</translation>
    </message>
    <message>
        <source>正在建立筛选索引…</source>
        <translation>正在建立筛选索引…</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>村务台账 {0}
村“两委”、村规民约、监委会、社会组织、志愿者登记，U盘报送乡镇汇总。</source>
        <translation>村务台账 {0}
村“两委”、村规民约、监委会、社会组织、志愿者登记，U盘报送乡镇汇总。</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>VillagesView</name>
    <message>
        <source>已登记</source>
        <translation>已登记</translation>
    </message>
    <message>
        <source>乡镇已登记该村</source>
        <translation>乡镇已登记该村</translation>
    </message>
    <message>
        <source>已接入</source>
        <translation>已接入</translation>
    </message>
    <message>
        <source>村代码在本乡镇范围内，第一个数据包经确认后登记了该村电脑的密钥</source>
        <translation>村代码在本乡镇范围内，第一个数据包经确认后登记了该村电脑的密钥</translation>
    </message>
    <message>
        <source>未接入</source>
        <translation>未接入</translation>
    </message>
    <message>
        <source>村代码在本乡镇范围内，尚未收到数据包</source>
        <translation>村代码在本乡镇范围内，尚未收到数据包</translation>
    </message>
    <message>
        <source>范围外</source>
        <translation>范围外</translation>
    </message>
    <message>
        <source>村代码不在本乡镇范围内，也未登记</source>
        <translation>村代码不在本乡镇范围内，也未登记</translation>
    </message>
    <message>
        <source>（另有 {0} 台已停用）</source>
        <translation>（另有 {0} 台已停用）</translation>
    </message>
    <message>
        <source>{0} 台电脑均已停用</source>
        <translation>{0} 台电脑均已停用</translation>
    </message>
    <message>
        <source>尚未收到数据包</source>
        <translation>尚未收到数据包</translation>
    </message>
    <message>
        <source>（已停用）：{0}</source>
        <translation>（已停用）：{0}</translation>
    </message>
    <message>
        <source>导入于 {0}</source>
        <translation>导入于 {0}</translation>
    </message>
    <message>
        <source>各村概况</source>
        <translation>各村概况</translation>
    </message>
    <message>
        <source>查看该村登记簿</source>
        <translation>查看该村登记簿</translation>
    </message>
    <message>
        <source>审核该村冲突</source>
        <translation>审核该村冲突</translation>
    </message>
    <message>
        <source>导出返回数据包…</source>
        <translation>导出返回数据包…</translation>
    </message>
    <message>
        <source>该村电脑</source>
        <translation>该村电脑</translation>
    </message>
    <message>
        <source>该村登记的电脑（按密钥指纹）：停用已不再使用的电脑，或重新启用</source>
        <translation>该村登记的电脑（按密钥指纹）：停用已不再使用的电脑，或重新启用</translation>
    </message>
    <message>
        <source>村代码</source>
        <translation>村代码</translation>
    </message>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>登记</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>密钥指纹</source>
        <translation>密钥指纹</translation>
    </message>
    <message>
        <source>乡镇（街道）</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>最近数据包</source>
        <translation>最近数据包</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>数据包数</source>
        <translation>数据包数</translation>
    </message>
    <message>
        <source>记录数</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>待审核冲突</source>
        <translation>待审核冲突</translation>
    </message>
    <message>
        <source>红色：有错误的村；黄色：有待审核冲突的村。双击一个村查看它的登记簿。停用的电脑发来的数据包一律拒绝。</source>
        <translation>红色：有错误的村；黄色：有待审核冲突的村。双击一个村查看它的登记簿。停用的电脑发来的数据包一律拒绝。</translation>
    </message>
    <message>
        <source>红色：有错误的村。双击一个村查看它的登记簿（只读）。在工具栏的“乡镇（街道）”中选择乡镇，只列出该乡镇的村。</source>
        <translation>红色：有错误的村。双击一个村查看它的登记簿（只读）。在工具栏的“乡镇（街道）”中选择乡镇，只列出该乡镇的村。</translation>
    </message>
    <message>
        <source>共 {0} 个村，已收到 {1} 个村的数据。</source>
        <translation>共 {0} 个村，已收到 {1} 个村的数据。</translation>
    </message>
    <message>
        <source>密钥指纹 {0}（已停用）</source>
        <translation>密钥指纹 {0}（已停用）</translation>
    </message>
    <message>
        <source>密钥指纹 {0}</source>
        <translation>密钥指纹 {0}</translation>
    </message>
    <message>
        <source>重新启用这台电脑…</source>
        <translation>重新启用这台电脑…</translation>
    </message>
    <message>
        <source>停用这台电脑…</source>
        <translation>停用这台电脑…</translation>
    </message>
    <message>
        <source>已停用密钥指纹为 {0} 的电脑，此后它发来的数据包一律拒绝。</source>
        <translation>已停用密钥指纹为 {0} 的电脑，此后它发来的数据包一律拒绝。</translation>
    </message>
    <message>
        <source>已重新启用密钥指纹为 {0} 的电脑。</source>
        <translation>已重新启用密钥指纹为 {0} 的电脑。</translation>
    </message>
    <message>
        <source>共 {0} 个村，已收到 {1} 个村的数据；待审核冲突 {2} 处。</source>
        <translation>共 {0} 个村，已收到 {1} 个村的数据；待审核冲突 {2} 处。</translation>
    </message>
    <message>
        <source>还没有村的数据。第一步：点工具栏的“生成注册文件”，把注册文件拷给各村导入；各村导出数据包后，第二步：插上U盘，点“导入U盘数据”。</source>
        <translation>还没有村的数据。第一步：点工具栏的“生成注册文件”，把注册文件拷给各村导入；各村导出数据包后，第二步：插上U盘，点“导入U盘数据”。</translation>
    </message>
    <message>
        <source>读取失败：{0}</source>
        <translation>读取失败：{0}</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>欢迎使用村务台账</source>
        <translation>欢迎使用村务台账</translation>
    </message>
    <message>
        <source>本程序用于登记村“两委”成员、村规民约、村务监督委员会、社区社会组织和志愿者，并通过U盘向乡镇报送；乡镇（街道）用它汇总各村报送的数据，区县民政局汇总各乡镇上报的数据。

数据保存在：
{0}</source>
        <translation>本程序用于登记村“两委”成员、村规民约、村务监督委员会、社区社会组织和志愿者，并通过U盘向乡镇报送；乡镇（街道）用它汇总各村报送的数据，区县民政局汇总各乡镇上报的数据。

数据保存在：
{0}</translation>
    </message>
    <message>
        <source>这台电脑用于</source>
        <translation>这台电脑用于</translation>
    </message>
    <message>
        <source>村（社区）：登记本村的台账，用U盘报送乡镇(&amp;V)</source>
        <translation>村（社区）：登记本村的台账，用U盘报送乡镇(&amp;V)</translation>
    </message>
    <message>
        <source>乡镇（街道）：汇总各村报送的数据，审核、统计、打印台账(&amp;T)</source>
        <translation>乡镇（街道）：汇总各村报送的数据，审核、统计、打印台账(&amp;T)</translation>
    </message>
    <message>
        <source>区县（民政局）：汇总各乡镇上报的数据，统计、核查、打印全县台账(&amp;C)</source>
        <translation>区县（民政局）：汇总各乡镇上报的数据，统计、核查、打印全县台账(&amp;C)</translation>
    </message>
    <message>
        <source>接下来请填写本区县的统计用区划代码（6位）和名称，并设置管理员账户。之后为各乡镇生成专用注册文件，各乡镇导入后即可上报数据。</source>
        <translation>接下来请填写本区县的统计用区划代码（6位）和名称，并设置管理员账户。之后为各乡镇生成专用注册文件，各乡镇导入后即可上报数据。</translation>
    </message>
    <message>
        <source>接下来请填写本乡镇（街道）的统计用区划代码和名称，并设置管理员账户。之后在“文件 → 生成注册文件”中生成发给各村的注册文件。</source>
        <translation>接下来请填写本乡镇（街道）的统计用区划代码和名称，并设置管理员账户。之后在“文件 → 生成注册文件”中生成发给各村的注册文件。</translation>
    </message>
    <message>
        <source>接下来请填写本村的基本情况，并设置管理员账户。

本村原来的电脑损坏又没有备份？请不要重新录入或导入名册：设置完成后在“数据报送”菜单中选择“从乡镇恢复本村数据”，先导出一个数据包交乡镇，乡镇导回“完整返回数据包”后即可恢复全部台账。</source>
        <translation>接下来请填写本村的基本情况，并设置管理员账户。

本村原来的电脑损坏又没有备份？请不要重新录入或导入名册：设置完成后在“数据报送”菜单中选择“从乡镇恢复本村数据”，先导出一个数据包交乡镇，乡镇导回“完整返回数据包”后即可恢复全部台账。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>未加密</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>此数据库还没有用户，没有加密：拿到这台电脑或这个文件的人都能读出其中的数据。添加第一个用户后会自动加密。</source>
        <translation>此数据库还没有用户，没有加密：拿到这台电脑或这个文件的人都能读出其中的数据。添加第一个用户后会自动加密。</translation>
    </message>
    <message>
        <source>此数据库由旧版本建立，还没有加密：管理员登录一次就会加密</source>
        <translation>此数据库由旧版本建立，还没有加密：管理员登录一次就会加密</translation>
    </message>
    <message>
        <source>已自动备份到 {0}</source>
        <translation>已自动备份到 {0}</translation>
    </message>
</context>
<context>
    <name>editors</name>
    <message>
        <source>18位公民身份号码</source>
        <translation>18位公民身份号码</translation>
    </message>
    <message>
        <source>11位手机号，或带区号的固定电话</source>
        <translation>11位手机号，或带区号的固定电话</translation>
    </message>
    <message>
        <source>如 08:30</source>
        <translation>如 08:30</translation>
    </message>
    <message>
        <source>12位统计用区划代码</source>
        <translation>12位统计用区划代码</translation>
    </message>
    <message>
        <source>18位统一社会信用代码</source>
        <translation>18位统一社会信用代码</translation>
    </message>
    <message>
        <source>如 1975-03-01</source>
        <translation>如 1975-03-01</translation>
    </message>
    <message>
        <source>日历</source>
        <translation>日历</translation>
    </message>
    <message>
        <source>从日历中选择日期</source>
        <translation>从日历中选择日期</translation>
    </message>
    <message>
        <source>（在日期框中按 F4 也可打开）</source>
        <translation>（在日期框中按 F4 也可打开）</translation>
    </message>
    <message>
        <source>如 1968.03</source>
        <translation>如 1968.03</translation>
    </message>
    <message>
        <source>写年月即可（1968.03、1968年3月）；知道日期时可写全（1968.03.12）</source>
        <translation>写年月即可（1968.03、1968年3月）；知道日期时可写全（1968.03.12）</translation>
    </message>
    <message>
        <source>是</source>
        <translation>是</translation>
    </message>
    <message>
        <source>否</source>
        <translation>否</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>选择{0}</source>
        <translation>选择{0}</translation>
    </message>
    <message>
        <source>输入姓名、拼音首字母或证件号码片段</source>
        <translation>输入姓名、拼音首字母或证件号码片段</translation>
    </message>
    <message>
        <source>自动计算</source>
        <translation>自动计算</translation>
    </message>
</context>
<context>
    <name>export_ids</name>
    <message>
        <source>导出 Excel 花名册</source>
        <translation>导出 Excel 花名册</translation>
    </message>
    <message>
        <source>身份证号和联系电话怎样导出？</source>
        <translation>身份证号和联系电话怎样导出？</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;部分隐藏&lt;/b&gt;（如 {0}）：适合打印、张贴、上报。这样的文件&lt;b&gt;不能再导入&lt;/b&gt;来修改记录：号码不全，程序对不上人。&lt;/p&gt;&lt;p&gt;&lt;b&gt;完整号码&lt;/b&gt;：改好后可以再导入本程序，更新记录。文件含个人信息，受《个人信息保护法》保护：只在需要时导出，妥善保管，不要在微信群等处随意传播。&lt;/p&gt;&lt;p&gt;下次导出时默认按这次的选择。&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;部分隐藏&lt;/b&gt;（如 {0}）：适合打印、张贴、上报。这样的文件&lt;b&gt;不能再导入&lt;/b&gt;来修改记录：号码不全，程序对不上人。&lt;/p&gt;&lt;p&gt;&lt;b&gt;完整号码&lt;/b&gt;：改好后可以再导入本程序，更新记录。文件含个人信息，受《个人信息保护法》保护：只在需要时导出，妥善保管，不要在微信群等处随意传播。&lt;/p&gt;&lt;p&gt;下次导出时默认按这次的选择。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>部分隐藏</source>
        <translation>部分隐藏</translation>
    </message>
    <message>
        <source>完整号码</source>
        <translation>完整号码</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>extras</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Excel 花名册</source>
        <translation>Excel 花名册</translation>
    </message>
    <message>
        <source>导入花名册…</source>
        <translation>导入花名册…</translation>
    </message>
    <message>
        <source>导出当前登记簿…</source>
        <translation>导出当前登记簿…</translation>
    </message>
    <message>
        <source>导出全部登记簿…</source>
        <translation>导出全部登记簿…</translation>
    </message>
    <message>
        <source>下载空白模板…</source>
        <translation>下载空白模板…</translation>
    </message>
    <message>
        <source>打印台账…</source>
        <translation>打印台账…</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>统计报表</source>
        <translation>统计报表</translation>
    </message>
    <message>
        <source>数据状态</source>
        <translation>数据状态</translation>
    </message>
    <message>
        <source>跨村检查</source>
        <translation>跨村检查</translation>
    </message>
    <message>
        <source>村务台账</source>
        <translation>村务台账</translation>
    </message>
    <message>
        <source>（完整号码）</source>
        <translation>（完整号码）</translation>
    </message>
    <message>
        <source>导出 Excel 花名册</source>
        <translation>导出 Excel 花名册</translation>
    </message>
    <message>
        <source>已导出到 {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <source>正在导出 Excel…</source>
        <translation>正在导出 Excel…</translation>
    </message>
    <message>
        <source>{0}空白模板.xlsx</source>
        <translation>{0}空白模板.xlsx</translation>
    </message>
    <message>
        <source>保存空白模板</source>
        <translation>保存空白模板</translation>
    </message>
    <message>
        <source>模板未保存：{0}</source>
        <translation>模板未保存：{0}</translation>
    </message>
    <message>
        <source>已保存模板 {0}</source>
        <translation>已保存模板 {0}</translation>
    </message>
</context>
<context>
    <name>history</name>
    <message>
        <source>新增</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>（导入）</source>
        <translation>（导入）</translation>
    </message>
</context>
<context>
    <name>msgbox</name>
    <message>
        <source>提示</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>请确认</source>
        <translation>请确认</translation>
    </message>
    <message>
        <source>还没有保存</source>
        <translation>还没有保存</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>不保存</source>
        <translation>不保存</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>protect</name>
    <message>
        <source>此数据库还没有加密（由旧版本建立），拿到这台电脑或这个文件的人都能读出其中的数据。请管理员登录一次：登录时会自动加密。</source>
        <translation>此数据库还没有加密（由旧版本建立），拿到这台电脑或这个文件的人都能读出其中的数据。请管理员登录一次：登录时会自动加密。</translation>
    </message>
    <message>
        <source>数据没有加密</source>
        <translation>数据没有加密</translation>
    </message>
    <message>
        <source>数据库没有加密：{0}</source>
        <translation>数据库没有加密：{0}</translation>
    </message>
    <message>
        <source>其他用户（{0}）的密码不在手边，没法为他们登记加密钥匙。请在“工具 → 用户管理”中选中他们，点“重设密码…”，为他们设新密码；之后他们用新密码登录。</source>
        <translation>其他用户（{0}）的密码不在手边，没法为他们登记加密钥匙。请在“工具 → 用户管理”中选中他们，点“重设密码…”，为他们设新密码；之后他们用新密码登录。</translation>
    </message>
    <message>
        <source>请为其他用户重设密码</source>
        <translation>请为其他用户重设密码</translation>
    </message>
</context>
<context>
    <name>recovery</name>
    <message>
        <source>这台电脑上的台账数据是加密的。所有密码都忘记时，在登录窗口点“忘记密码？”，输入这个恢复码，就能重设密码。</source>
        <translation>这台电脑上的台账数据是加密的。所有密码都忘记时，在登录窗口点“忘记密码？”，输入这个恢复码，就能重设密码。</translation>
    </message>
    <message>
        <source>请把这张纸锁进村委会的保险柜。不要贴在电脑旁，不要拍照发到手机或群里：拿到它和这台电脑的人能看到全部数据。</source>
        <translation>请把这张纸锁进村委会的保险柜。不要贴在电脑旁，不要拍照发到手机或群里：拿到它和这台电脑的人能看到全部数据。</translation>
    </message>
    <message>
        <source>打印恢复码</source>
        <translation>打印恢复码</translation>
    </message>
</context>
<context>
    <name>stats_view</name>
    <message>
        <source>村（社区）</source>
        <translation>村（社区）</translation>
    </message>
    <message>
        <source>；用时 {0} 秒</source>
        <translation>；用时 {0} 秒</translation>
    </message>
    <message>
        <source>注：{0}</source>
        <translation>注：{0}</translation>
    </message>
    <message>
        <source>全部乡镇（街道）</source>
        <translation>全部乡镇（街道）</translation>
    </message>
    <message>
        <source>返回上一级</source>
        <translation>返回上一级</translation>
    </message>
    <message>
        <source>从村回到乡镇，从乡镇回到全区县；点表格第一列的乡镇或村名进入下一级</source>
        <translation>从村回到乡镇，从乡镇回到全区县；点表格第一列的乡镇或村名进入下一级</translation>
    </message>
    <message>
        <source>乡镇（街道）</source>
        <translation>乡镇（街道）</translation>
    </message>
</context>
<context>
    <name>undo</name>
    <message>
        <source>新增{0}</source>
        <translation>新增{0}</translation>
    </message>
    <message>
        <source>撤销新增</source>
        <translation>撤销新增</translation>
    </message>
    <message>
        <source>重做新增</source>
        <translation>重做新增</translation>
    </message>
    <message>
        <source>修改{0}</source>
        <translation>修改{0}</translation>
    </message>
    <message>
        <source>撤销修改</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>重做修改</source>
        <translation>重做修改</translation>
    </message>
    <message>
        <source>删除{0}</source>
        <translation>删除{0}</translation>
    </message>
    <message>
        <source>撤销删除</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>恢复{0}</source>
        <translation>恢复{0}</translation>
    </message>
    <message>
        <source>撤销恢复</source>
        <translation>撤销恢复</translation>
    </message>
    <message>
        <source>重做恢复</source>
        <translation>重做恢复</translation>
    </message>
    <message>
        <source>撤销版本恢复</source>
        <translation>撤销版本恢复</translation>
    </message>
    <message>
        <source>恢复{0}的旧版本</source>
        <translation>恢复{0}的旧版本</translation>
    </message>
    <message>
        <source>重做版本恢复</source>
        <translation>重做版本恢复</translation>
    </message>
</context>
<context>
    <name>upward_actions</name>
    <message>
        <source>为乡镇生成注册文件…</source>
        <translation>为乡镇生成注册文件…</translation>
    </message>
    <message>
        <source>生成发给某个乡镇的注册文件（含区县公钥和该乡镇的一次性密钥）</source>
        <translation>生成发给某个乡镇的注册文件（含区县公钥和该乡镇的一次性密钥）</translation>
    </message>
    <message>
        <source>导入区县注册文件…</source>
        <translation>导入区县注册文件…</translation>
    </message>
    <message>
        <source>导入区县民政局发来的注册文件（只需一次）</source>
        <translation>导入区县民政局发来的注册文件（只需一次）</translation>
    </message>
    <message>
        <source>导出上报数据包（报区县）…</source>
        <translation>导出上报数据包（报区县）…</translation>
    </message>
    <message>
        <source>把各村尚未被区县确认收到的数据导出到U盘，交给区县</source>
        <translation>把各村尚未被区县确认收到的数据导出到U盘，交给区县</translation>
    </message>
    <message>
        <source>注册文件保存到哪个文件夹</source>
        <translation>注册文件保存到哪个文件夹</translation>
    </message>
    <message>
        <source>正在生成注册文件…</source>
        <translation>正在生成注册文件…</translation>
    </message>
    <message>
        <source>已生成{0}的注册文件：
{1}

本区县签名密钥指纹：{2}
本区县加密密钥指纹：{3}

这是该乡镇专用的注册文件，只能由该乡镇导入，请直接交给该乡镇。乡镇导入时会看到以上指纹，请电话念给乡镇核对。</source>
        <translation>已生成{0}的注册文件：
{1}

本区县签名密钥指纹：{2}
本区县加密密钥指纹：{3}

这是该乡镇专用的注册文件，只能由该乡镇导入，请直接交给该乡镇。乡镇导入时会看到以上指纹，请电话念给乡镇核对。</translation>
    </message>
    <message>
        <source>注册文件</source>
        <translation>注册文件</translation>
    </message>
</context>
<context>
    <name>village_menu</name>
    <message>
        <source>导入乡镇注册文件…</source>
        <translation>导入乡镇注册文件…</translation>
    </message>
    <message>
        <source>导出数据包…</source>
        <translation>导出数据包…</translation>
    </message>
    <message>
        <source>把新的修改导出到U盘，交给乡镇</source>
        <translation>把新的修改导出到U盘，交给乡镇</translation>
    </message>
    <message>
        <source>读取乡镇回执…</source>
        <translation>读取乡镇回执…</translation>
    </message>
    <message>
        <source>导入乡镇返回数据包…</source>
        <translation>导入乡镇返回数据包…</translation>
    </message>
    <message>
        <source>从乡镇恢复本村数据…</source>
        <translation>从乡镇恢复本村数据…</translation>
    </message>
    <message>
        <source>新电脑（原电脑损坏又没有备份）：先导出一个数据包交乡镇，乡镇导回“完整返回数据包”后即可恢复全部台账</source>
        <translation>新电脑（原电脑损坏又没有备份）：先导出一个数据包交乡镇，乡镇导回“完整返回数据包”后即可恢复全部台账</translation>
    </message>
    <message>
        <source>数据报送(&amp;S)</source>
        <translation>数据报送(&amp;S)</translation>
    </message>
</context>
</TS>