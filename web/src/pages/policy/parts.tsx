/** A piece every tab of the policy page shows: the 草稿 / Draft label next to an unpublished run's figures. */
import { Tag } from 'antd';
import { useMessages } from '../../catalogue';
import { messages } from './messages';

export function DraftTag({ draft }: { draft: boolean }) {
  const { m } = useMessages(messages);
  return draft ? (
    <Tag color="orange" data-testid="draft-tag" style={{ marginLeft: 8 }}>
      {m('draft')}
    </Tag>
  ) : null;
}
